#!/usr/bin/env node
// Example model "plain" for the offline demo: answers the prompt on stdin (see lib/personas.mjs).
import { main } from './lib/engine.mjs';
import { plain } from './lib/personas.mjs';

main(plain);

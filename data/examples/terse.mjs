#!/usr/bin/env node
// Example model "terse" for the offline demo: answers the prompt on stdin (see lib/personas.mjs).
import { main } from './lib/engine.mjs';
import { terse } from './lib/personas.mjs';

main(terse);

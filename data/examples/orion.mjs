#!/usr/bin/env node
// Example model "orion" for the offline demo: answers the prompt on stdin (see lib/personas.mjs).
import { main } from './lib/engine.mjs';
import { orion } from './lib/personas.mjs';

main(orion);

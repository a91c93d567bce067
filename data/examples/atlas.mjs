#!/usr/bin/env node
// Example model "atlas" for the offline demo: answers the prompt on stdin (see lib/personas.mjs).
import { main } from './lib/engine.mjs';
import { atlas } from './lib/personas.mjs';

main(atlas);

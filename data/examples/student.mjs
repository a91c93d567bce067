#!/usr/bin/env node
// Example model "student" for the offline demo: answers the prompt on stdin (see lib/personas.mjs).
import { main } from './lib/engine.mjs';
import { student } from './lib/personas.mjs';

main(student);

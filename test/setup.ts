import { afterAll } from 'vitest';
import { removeTempDirs } from './helpers/temp.js';

// Runs in every test file (vitest setupFiles): its temporary folders go when the file is done.
afterAll(() => removeTempDirs());

#!/usr/bin/env node
// Tiny launcher: everything lives in the built bundle (npm run build).
import '../dist/main.js';

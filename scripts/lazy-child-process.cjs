// commander requires node:child_process at load time, only to run executable subcommands, which authdeck has
// none of. The bundle hands commander this stand-in, so every command stops paying for loading it (about 2 ms);
// the real module is loaded on first use, were commander ever to need it.
let real;
function load() {
  if (!real) real = require('node:child_process');
  return real;
}
module.exports = new Proxy({}, { get: (_, name) => load()[name] });

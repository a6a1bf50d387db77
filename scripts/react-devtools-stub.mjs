// Ink only touches react-devtools-core when DEV=true; the bundle replaces it with this no-op.
export default { initialize() {}, connectToDevTools() {} };

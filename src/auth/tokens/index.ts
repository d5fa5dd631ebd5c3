// Filled in by issue 13 (canter/auth): the tokens part of the public API.
export {};

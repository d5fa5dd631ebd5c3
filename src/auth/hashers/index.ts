// Filled in by issue 13 (canter/auth): the hashers part of the public API.
export {};

// Filled in by issue 13 (canter/auth): the models part of the public API.
export {};

// Filled in by issue 13 (canter/auth): the password-validation part of the public API.
export {};

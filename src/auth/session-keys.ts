/** Where login() keeps the user's primary key in the session (as a string). Django's name. */
export const SESSION_KEY = '_auth_user_id';
/** Where login() keeps the path of the backend that authenticated the user. */
export const BACKEND_SESSION_KEY = '_auth_user_backend';
/** Where login() keeps the session auth hash (an HMAC of the password hash). */
export const HASH_SESSION_KEY = '_auth_user_hash';
/** The query parameter that carries where to go after logging in. */
export const REDIRECT_FIELD_NAME = 'next';

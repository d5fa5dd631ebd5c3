// Sessions (issue 5, in progress): so far the stored-data format shared with Django.
export {
  decodeSessionData,
  encodeSessionData,
  SESSION_DATA_SALT,
  SIGNED_COOKIES_SALT,
  type SessionData,
  type SessionDataOptions,
} from './session-data.js';

// CSRF protection: Django's django.middleware.csrf and its decorators.
export { InvalidTokenFormat, RejectRequest } from './errors.js';
export { dontEnforceCsrfChecks, getToken, rotateToken } from './request-state.js';
export {
  checkTokenFormat,
  CSRF_ALLOWED_CHARS,
  CSRF_SECRET_LENGTH,
  CSRF_TOKEN_LENGTH,
  doesTokenMatch,
  maskCipherSecret,
  unmaskCipherToken,
} from './tokens.js';
export { csrfExempt, csrfProtect, ensureCsrfCookie, requiresCsrfToken } from './decorators.js';
export { csrfFailure, type CsrfFailureView } from './failure-view.js';
export { CsrfViewMiddleware } from './middleware.js';
export { CSRF_SESSION_KEY } from './checks.js';
export { checkCsrf } from './system-checks.js';

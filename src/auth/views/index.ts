export { AuthenticationForm } from './authentication-form.js';
export { LoginView } from './login-view.js';
export type { LoginViewOptions } from './login-view.js';
export { LogoutView } from './logout-view.js';
export type { LogoutViewOptions } from './logout-view.js';
export { PasswordChangeDoneView, PasswordChangeForm, PasswordChangeView } from './password-change-view.js';
export type { PasswordChangeViewOptions } from './password-change-view.js';
export {
  INTERNAL_RESET_SESSION_TOKEN,
  PasswordResetCompleteView,
  PasswordResetConfirmView,
  PasswordResetDoneView,
  PasswordResetView,
  uidOf,
} from './password-reset-views.js';
export type { PasswordResetViewOptions } from './password-reset-views.js';

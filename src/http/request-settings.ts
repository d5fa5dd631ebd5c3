import type { Settings } from '../conf/settings/index.js';

/**
 * The settings an HttpRequest reads, taken once from a settings object and frozen. The server
 * and the test Client hand the Handler's to every request they make, so nothing is read per
 * request; a request made without them (`new HttpRequest()` in a test, RequestFactory) reads
 * the settings in force at each call, as Django's HttpRequest does.
 */
export interface RequestSettings {
  /** ALLOWED_HOSTS, or with DEBUG and no ALLOWED_HOSTS, Django's local defaults. */
  readonly allowedHosts: readonly string[];
  readonly secureProxySslHeader: readonly [string, string] | null;
  readonly useXForwardedHost: boolean;
  readonly useXForwardedPort: boolean;
  readonly defaultCharset: string;
  readonly dataUploadMaxMemorySize: number | null;
  readonly dataUploadMaxNumberFields: number | null;
  readonly dataUploadMaxNumberFiles: number | null;
  readonly fileUploadMaxMemorySize: number;
  readonly fileUploadTempDir: string | null;
}

/** With DEBUG and an empty ALLOWED_HOSTS, Django accepts these (and any subdomain of localhost). */
const DEBUG_HOSTS: readonly string[] = Object.freeze(['.localhost', '127.0.0.1', '[::1]']);

export function requestSettingsFrom(s: Settings): RequestSettings {
  return Object.freeze({
    allowedHosts: s.DEBUG && s.ALLOWED_HOSTS.length === 0 ? DEBUG_HOSTS : Object.freeze([...s.ALLOWED_HOSTS]),
    secureProxySslHeader: s.SECURE_PROXY_SSL_HEADER === null ? null : Object.freeze([...s.SECURE_PROXY_SSL_HEADER] as [string, string]),
    useXForwardedHost: s.USE_X_FORWARDED_HOST,
    useXForwardedPort: s.USE_X_FORWARDED_PORT,
    defaultCharset: s.DEFAULT_CHARSET,
    dataUploadMaxMemorySize: s.DATA_UPLOAD_MAX_MEMORY_SIZE,
    dataUploadMaxNumberFields: s.DATA_UPLOAD_MAX_NUMBER_FIELDS,
    dataUploadMaxNumberFiles: s.DATA_UPLOAD_MAX_NUMBER_FILES,
    fileUploadMaxMemorySize: s.FILE_UPLOAD_MAX_MEMORY_SIZE,
    fileUploadTempDir: s.FILE_UPLOAD_TEMP_DIR,
  });
}

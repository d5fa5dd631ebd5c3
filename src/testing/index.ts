export { Client } from './client.js';
export type { ClientResponse, ClientOptions, ClientConstructorOptions } from './client.js';
export { RequestFactory } from './request-factory.js';
export type { RequestOptions, Body } from './request-factory.js';
export { CookieJar } from './cookie-jar.js';
export { encodeMultipart, encodeQuery, MULTIPART_CONTENT, BOUNDARY } from './encode.js';
export type { TestFile, FormData, FormValue } from './encode.js';
export { overrideSettings } from '../conf/settings/index.js';

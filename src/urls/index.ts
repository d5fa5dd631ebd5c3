/** canter/urls: Django's URL dispatcher. */
export { path, rePath, UrlPattern, UrlInclude } from './path.js';
export type { PathOptions, UrlEntry } from './path.js';
export { include, Included } from './include.js';
export type { IncludeOptions, PatternsWithAppName } from './include.js';
export { registerConverter, intConverter, strConverter, slugConverter, uuidConverter, pathConverter } from './converters.js';
export type { Converter } from './converters.js';
export { UrlResolver } from './resolver.js';
export { getResolver, resolve, reverse, isValidPath } from './base.js';
export type { ReverseCallOptions } from './base.js';
export { Resolver404, NoReverseMatch, ValueError } from './errors.js';
export type { TriedChain } from './errors.js';
export type { View, ResolverMatch, UrlConf, ReverseOptions } from './types.js';

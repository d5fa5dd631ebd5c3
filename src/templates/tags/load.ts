import { Tag } from 'liquidjs';

/**
 * `{% load static %}`, `{% load cache i18n %}`: accepted and ignored, so templates written for
 * Django render. Canter's tags are always available; custom ones come from OPTIONS.builtins.
 */
export class LoadTag extends Tag {
  render(): void {}
}

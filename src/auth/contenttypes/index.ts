/** canter/auth's content types (Django's django.contrib.contenttypes): the app, its model and manager. */
export { contentTypesApp } from './app.js';
export { ContentType } from './models.js';
export { ContentTypeManager } from './manager.js';
export { createContentTypes, connectCreateContentTypes } from './create-contenttypes.js';
export { appVerboseName } from './app-verbose-name.js';

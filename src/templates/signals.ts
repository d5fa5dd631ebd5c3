import { Signal } from '../dispatch/index.js';
import type { Template } from './engine.js';

/**
 * Sent each time a template is rendered, before it renders (Django's template_rendered); the
 * sender is the template. `context` holds the view's values over the context processors'.
 * Django's test client listens to it to record `response.templates` and `response.context`.
 */
export const templateRendered = new Signal<{ template: Template; context: Readonly<Record<string, unknown>> }, Template>('template_rendered');

import type { Context, Emitter } from 'liquidjs';
import { Tag, toValue } from 'liquidjs';
import { getLogger } from '../../conf/log.js';
import { escapeHtml } from '../safe.js';
import { renderStateOf } from '../backends/liquid-state.js';

/**
 * `{% csrf_token %}`: the hidden form field CsrfViewMiddleware checks, with the token of the
 * context's `csrf_token` (the csrf context processor puts it there when a template is rendered
 * for a request). Without one it renders nothing, as in Django, and warns in DEBUG.
 */
export class CsrfTokenTag extends Tag {
  *render(ctx: Context, emitter: Emitter): Generator<unknown, void, unknown> {
    const token = toValue(yield ctx._get(['csrf_token']));
    if (typeof token === 'string' && token !== '' && token !== 'NOTPROVIDED') {
      emitter.write(`<input type="hidden" name="csrfmiddlewaretoken" value="${escapeHtml(token)}">`);
      return;
    }
    if (renderStateOf(ctx)?.debug === true) {
      getLogger('canter.template').warning(
        'A {% csrf_token %} was used in a template, but the context did not provide the value: render it with the request ' +
          '(render(request, ...), TemplateResponse, or template.render(context, request)).',
      );
    }
  }
}

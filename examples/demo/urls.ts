import { path } from '../../src/urls/index.js';
import type { UrlConf } from '../../src/urls/index.js';
import { cachePage, requirePOST } from '../../src/views/index.js';
import { counter, index, login, logoutSession } from './session-views.js';
import { apiEcho, cached, error, hello, noSlash, pizza, userinfoCreate } from './views.js';

export const urlconf: UrlConf = {
  urlpatterns: [
    path('hello/', hello, { name: 'hello' }),
    path('cached/', cachePage(60 * 15)(cached), { name: 'cached' }),
    path('error/', error, { name: 'error' }),
    path('pizza/', pizza, { name: 'pizza' }),
    path('no-slash/', noSlash, { name: 'no-slash' }),
    path('userinfo/create/', userinfoCreate, { name: 'userinfo-create' }),
    path('counter/', counter, { name: 'counter' }),
    path('api/echo/', requirePOST(apiEcho), { name: 'api-echo' }),
    path('login/', login, { name: 'login' }),
    path('index/', index, { name: 'index' }),
    path('logout-session/', logoutSession, { name: 'logout-session' }),
  ],
};

import { path } from '../../src/urls/index.js';
import type { UrlConf } from '../../src/urls/index.js';
import { cachePage, requirePOST } from '../../src/views/index.js';
import { backend, login, logout, setPassword, signup } from './auth-views.js';
import { counter, index, logoutSession, sessionLogin } from './session-views.js';
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
    path('backend/', backend, { name: 'backend' }),
    path('logout/', logout, { name: 'logout' }),
    path('signup/', signup, { name: 'signup' }),
    path('set_password/', setPassword, { name: 'set-password' }),
    path('session-login/', sessionLogin, { name: 'session-login' }),
    path('index/', index, { name: 'index' }),
    path('logout-session/', logoutSession, { name: 'logout-session' }),
  ],
};

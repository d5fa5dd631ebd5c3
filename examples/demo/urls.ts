import { path } from '../../src/urls/index.js';
import type { UrlConf } from '../../src/urls/index.js';
import { error, hello, noSlash, pizza, userinfoCreate } from './views.js';

export const urlconf: UrlConf = {
  urlpatterns: [
    path('hello/', hello, { name: 'hello' }),
    path('error/', error, { name: 'error' }),
    path('pizza/', pizza, { name: 'pizza' }),
    path('no-slash/', noSlash, { name: 'no-slash' }),
    path('userinfo/create/', userinfoCreate, { name: 'userinfo-create' }),
  ],
};

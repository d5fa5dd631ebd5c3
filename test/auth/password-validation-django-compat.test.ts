/**
 * Password validation side by side with real Django 3.2 (Debian's python3-django under
 * /usr/bin/python3): thousands of random users and passwords — passwords made from the user's
 * own attributes, common passwords in disguise, digits in several scripts, random text — go
 * through Django's validate_password with its four validators, and through Canter's with the
 * same options and Django's own common-passwords file; both must refuse the same passwords, with
 * the same codes and messages, in the same order.
 *
 * The users are unsaved Users on both sides (canter/auth's and Django's), so the messages name
 * the attributes by the same verbose names ("email address").
 * 'İ' is left out of the alphabet: Django 3.2 splits an attribute at non-word characters before
 * lower-casing it, Django 5 (and Canter) after, and 'İ' is the letter whose lower case brings a
 * non-word character (a combining dot) with it.
 */
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CommonPasswordValidator,
  MinimumLengthValidator,
  NumericPasswordValidator,
  User,
  UserAttributeSimilarityValidator,
  validatePassword,
} from '../../src/auth/index.js';
import { configureSettings, defineSettings } from '../../src/conf/index.js';
import { ValidationError } from '../../src/db/index.js';
import { probeDjango, PYTHON } from '../../src/signing/django.test-helper.js';

const djangoAvailable = probeDjango();
const skipDjango = djangoAvailable.ok ? undefined : `real Django is not available (${djangoAvailable.reason}); apt-get install python3-django`;
if (skipDjango !== undefined && process.env.CI === 'true') throw new Error(`${skipDjango}; under CI=true it is required`);
if (skipDjango !== undefined) console.warn(`Skipping the Django password-validation compatibility tests: ${skipDjango}`);

// A type alias, not an interface, so that it fits the model constructor's Record parameter.
type UserSpec = {
  username: string;
  first_name: string;
  last_name: string;
  email: string;
};

interface Case {
  password: string;
  user: UserSpec | null;
  min: number;
  max: number;
}

/** What validate_password said: null when it accepted the password, else codes and messages. */
type Outcome = null | { codes: Array<string | null>; messages: string[] };

const SCRIPT = String.raw`
import json, os, sys
import django
from django.conf import settings
settings.configure(USE_I18N=False, INSTALLED_APPS=['django.contrib.contenttypes', 'django.contrib.auth'])
django.setup()
from django.contrib.auth import password_validation as pv
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

request = json.loads(sys.stdin.read())
if request.get('path'):
    print(json.dumps(os.path.join(os.path.dirname(pv.__file__), 'common-passwords.txt.gz')))
    sys.exit()
common = pv.CommonPasswordValidator()
numeric = pv.NumericPasswordValidator()
out = []
for case in request['cases']:
    user = User(**case['user']) if case['user'] is not None else None
    validators = [pv.UserAttributeSimilarityValidator(max_similarity=case['max']), pv.MinimumLengthValidator(min_length=case['min']), common, numeric]
    try:
        pv.validate_password(case['password'], user, validators)
        out.append(None)
    except ValidationError as error:
        out.append({'codes': [e.code for e in error.error_list], 'messages': error.messages})
print(json.dumps(out))
`;

function runDjango(request: object): unknown {
  const result = spawnSync(PYTHON, ['-c', SCRIPT], { input: JSON.stringify(request), maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`Django failed: ${result.stderr.toString()}`);
  return JSON.parse(result.stdout.toString('utf8'));
}

const WORD = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_', 'é', 'ß', 'Σ', 'ς', '中', '😀', 'ǅ'), minLength: 1, maxLength: 10 });
const SEPARATOR = fc.constantFrom('.', '@', '-', ' ', '+', "'", '', '--');
const ATTRIBUTE = fc.oneof(
  fc.constant(''),
  fc.tuple(WORD, SEPARATOR, WORD).map(([a, s, b]) => a + s + b),
  fc.tuple(WORD, WORD, WORD).map(([a, b, c]) => `${a}.${b}@${c}.com`),
  WORD,
);
const USER = fc.option(fc.record({ username: ATTRIBUTE, first_name: ATTRIBUTE, last_name: ATTRIBUTE, email: ATTRIBUTE }), { freq: 8 });
const COMMON = ['password', 'letmein', 'qwerty', '123456', 'godzilla', 'iloveyou', 'dragon', 'monkey', 'trustno1', 'baseball'];

/** A password derived from the user, a common one in disguise, digits, or random text. */
function passwordFor(user: UserSpec | null): fc.Arbitrary<string> {
  const attributes = user === null ? [''] : Object.values(user);
  const fromUser = fc.tuple(fc.constantFrom(...attributes), fc.nat(12), fc.nat(12), fc.constantFrom('', '1', '!', '2024', 'xyz'), fc.boolean())
    .map(([value, start, cut, suffix, upper]) => {
      const piece = value.slice(start % (value.length + 1), value.length - (cut % (value.length + 1))) + suffix;
      return upper ? piece.toUpperCase() : piece;
    });
  const common = fc.tuple(fc.constantFrom(...COMMON), fc.constantFrom('', ' ', '\t', '\n', '\u3000'), fc.boolean())
    .map(([p, pad, upper]) => pad + (upper ? p.toUpperCase() : p) + pad);
  const digits = fc.string({ unit: fc.constantFrom(...'0123456789', '²', '①', '٣', '½'), minLength: 0, maxLength: 12 });
  const random = fc.string({ unit: fc.constantFrom(...'abcXYZ019 -_.@', 'é', '😀', '\0'), maxLength: 16 });
  return fc.oneof(fromUser, common, digits, random);
}

const CASE: fc.Arbitrary<Case> = USER.chain((user) =>
  fc.record({ password: passwordFor(user), user: fc.constant(user), min: fc.integer({ min: 1, max: 12 }), max: fc.constantFrom(0.1, 0.3, 0.5, 0.7, 0.9, 1) }),
);

async function canter(test: Case, common: CommonPasswordValidator): Promise<Outcome> {
  const validators = [new UserAttributeSimilarityValidator({ maxSimilarity: test.max }), new MinimumLengthValidator({ minLength: test.min }), common, new NumericPasswordValidator()];
  try {
    await validatePassword(test.password, test.user === null ? null : new User(test.user), validators);
    return null;
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return { codes: error.errorList.map((e) => e.code ?? null), messages: error.messages };
  }
}

beforeAll(() => {
  configureSettings(defineSettings({ SECRET_KEY: 'password-validation-compat' }));
});

describe.skipIf(skipDjango !== undefined)('password validation agrees with Django 3.2', () => {
  it('refuses the same random passwords as Django, with the same codes and messages, in order', async () => {
    const common = new CommonPasswordValidator({ passwordListPath: runDjango({ path: true }) as string });
    const cases = fc.sample(CASE, { numRuns: 2500, seed: 20261207 });
    const django = runDjango({ cases }) as Outcome[];
    const refused = django.filter((o) => o !== null);
    // The sample reaches every validator, so the comparison means something.
    for (const code of ['password_too_similar', 'password_too_short', 'password_too_common', 'password_entirely_numeric']) {
      expect(refused.some((o) => o.codes.includes(code)), code).toBe(true);
    }
    expect(refused.length).toBeGreaterThan(cases.length / 4);
    expect(refused.length).toBeLessThan(cases.length);
    for (let i = 0; i < cases.length; i++) {
      expect({ case: cases[i], outcome: await canter(cases[i]!, common) }).toEqual({ case: cases[i], outcome: django[i] });
    }
  });
});

import { describeDatabases } from '../../src/testing/databases.js';
import { MODELS } from './query-models.js';
import { readSuite } from './query-suite.js';
import { writeSuite } from './query-suite-writes.js';

await describeDatabases(
  'QuerySet, Manager and instances',
  ({ vendor }) => {
    readSuite(vendor);
    writeSuite(vendor);
  },
  { models: () => MODELS },
);

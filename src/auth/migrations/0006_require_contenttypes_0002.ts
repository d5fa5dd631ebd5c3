// Django's auth migration 0006_require_contenttypes_0002: no operations; contenttypes' 0002 runs
// before the post_migrate handlers that make content types.
import { migrations } from '../../db/index.js';

export default migrations.migration({
  dependencies: [['auth', '0005_alter_user_last_login_null'], ['contenttypes', '0002_remove_content_type_name']],
  operations: [],
});

// Django's auth migration 0011_update_proxy_permissions moves the permissions of proxy models to
// the proxy's own content type. Canter has no proxy models, so there is nothing to move either
// way; the migration is kept so both sides record the same history.
import { migrations } from '../../db/index.js';

export default migrations.migration({
  dependencies: [['auth', '0010_alter_group_name_max_length'], ['contenttypes', '0002_remove_content_type_name']],
  operations: [new migrations.RunCode({ code: migrations.noop, reverse: migrations.noop })],
});

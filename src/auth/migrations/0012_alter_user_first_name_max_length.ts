// Django's auth migration 0012_alter_user_first_name_max_length: first names up to 150 characters.
import { fields, migrations } from '../../db/index.js';

export default migrations.migration({
  dependencies: [['auth', '0011_update_proxy_permissions']],
  operations: [
    new migrations.AlterField({
      modelName: 'User',
      name: 'first_name',
      field: fields.CharField({ maxLength: 150, blank: true, verboseName: 'first name' }),
    }),
  ],
});

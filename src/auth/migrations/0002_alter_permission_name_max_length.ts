// Django's auth migration 0002_alter_permission_name_max_length: permission names up to 255 characters.
import { fields, migrations } from '../../db/index.js';

export default migrations.migration({
  dependencies: [['auth', '0001_initial']],
  operations: [
    new migrations.AlterField({
      modelName: 'Permission',
      name: 'name',
      field: fields.CharField({ maxLength: 255, verboseName: 'name' }),
    }),
  ],
});

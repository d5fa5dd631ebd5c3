// The contenttypes app's table, as Django's contenttypes migration 0001_initial makes it
// (django_content_type with the `name` column 0002 removes).
import { fields, migrations } from '../../../db/index.js';
import { ContentTypeManager } from '../manager.js';

export default migrations.migration({
  initial: true,
  dependencies: [],
  operations: [
    new migrations.CreateModel({
      name: 'ContentType',
      fields: {
        id: fields.AutoField({ primaryKey: true }),
        name: fields.CharField({ maxLength: 100 }),
        appLabel: fields.CharField({ maxLength: 100, dbColumn: 'app_label' }),
        modelName: fields.CharField({ maxLength: 100, dbColumn: 'model', verboseName: 'python model class name' }),
      },
      options: { ordering: ['name'], dbTable: 'django_content_type', verboseName: 'content type', verboseNamePlural: 'content types' },
      managers: [['objects', ContentTypeManager]],
    }),
    new migrations.AlterUniqueTogether({ name: 'ContentType', uniqueTogether: [['appLabel', 'modelName']] }),
  ],
});

// Django's contenttypes migration 0002_remove_content_type_name: the `name` column goes (a content
// type's name is its model's verbose name). Unapplied, it is brought back and filled in.
import { apps, fields, migrations } from '../../../db/index.js';
import type { RunCodeContext } from '../../../db/index.js';

async function addLegacyName({ state, using }: RunCodeContext): Promise<void> {
  const ContentType = state.apps.getModel('contenttypes.ContentType');
  for (const ct of (await ContentType.objects.using(using).all()) as Array<Record<string, unknown> & { save(o: { using: string }): Promise<void> }>) {
    const label = `${String(ct.appLabel)}.${String(ct.modelName)}`;
    ct.name = apps.hasModel(label) ? apps.getModel(label).meta.objectName : ct.modelName;
    await ct.save({ using });
  }
}

export default migrations.migration({
  dependencies: [['contenttypes', '0001_initial']],
  operations: [
    new migrations.AlterModelOptions({ name: 'ContentType', options: { verboseName: 'content type', verboseNamePlural: 'content types' } }),
    new migrations.AlterField({ modelName: 'ContentType', name: 'name', field: fields.CharField({ maxLength: 100, null: true }) }),
    new migrations.RunCode({ code: migrations.noop, reverse: addLegacyName }),
    new migrations.RemoveField({ modelName: 'ContentType', name: 'name' }),
  ],
});

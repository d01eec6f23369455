/** importRecords: small imports (CSV, JSON or Popolo text) through the API. */
import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { importsFor } from '../../services/import/requests';
import { ImportInput, ImportReport } from './import.types';

@Resolver()
export class ImportResolver {
  @Authorized('editor')
  @Mutation(() => ImportReport, {
    description:
      'Imports up to 500 rows from CSV, JSON or Popolo files, keyed by slug or identifier (importing the same rows again changes nothing). With dryRun, reports what would change and writes nothing.',
  })
  importRecords(
    @Arg('input', () => ImportInput) input: ImportInput,
    @Ctx() ctx: Context,
    @Arg('dryRun', () => Boolean, { defaultValue: false, nullable: true }) dryRun: boolean | null,
  ) {
    return importsFor(ctx).importFiles(input.files, dryRun ?? false);
  }
}

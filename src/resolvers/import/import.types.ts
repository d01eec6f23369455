/** The GraphQL face of an import: its input files and the report it returns. */
import { ArrayMaxSize, ArrayMinSize, Length, MaxLength, ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum ImportFormat {
  CSV = 'CSV',
  JSON = 'JSON',
  POPOLO = 'POPOLO',
}
registerEnumType(ImportFormat, { name: 'ImportFormat', description: 'How to read an import file. Left out: .csv names are CSV; JSON with persons, organizations or memberships is Popolo; other JSON is shaped like the demo network.' });

export enum ImportAction {
  CREATE = 'CREATE',
  UPDATE = 'UPDATE',
  UNCHANGED = 'UNCHANGED',
  FAILED = 'FAILED',
}
registerEnumType(ImportAction, { name: 'ImportAction', description: 'What an import did (or, in a dry run, would do) with a row.' });

export enum ImportBatchStatus {
  WRITTEN = 'WRITTEN',
  UNCHANGED = 'UNCHANGED',
  CHECKED = 'CHECKED',
  FAILED = 'FAILED',
}
registerEnumType(ImportBatchStatus, { name: 'ImportBatchStatus', description: 'WRITTEN (committed), UNCHANGED (nothing to write), CHECKED (dry run), FAILED (nothing of the batch written).' });

@InputType({ description: 'One file: its name says what a CSV file holds (organisations.csv, engagements.csv, ...; see docs/import.md).' })
export class ImportFileInput {
  @Field(() => String) @Length(1, 200) name!: string;
  @Field(() => String, { description: 'The text of the file (UTF-8).' }) @MaxLength(900_000) content!: string;
  @Field(() => ImportFormat, { nullable: true }) format?: ImportFormat | null;
}

@InputType({ description: 'Files to import together: entities first, then ties; at most 500 rows in all.' })
export class ImportInput {
  @Field(() => [ImportFileInput]) @ArrayMinSize(1) @ArrayMaxSize(20) @ValidateNested({ each: true }) files!: ImportFileInput[];
}

@ObjectType({ description: 'A problem with a row: where it is and how to fix it. Row 0 is the file as a whole.' })
export class ImportProblem {
  @Field(() => String) file!: string;
  @Field(() => Int) row!: number;
  @Field(() => String, { nullable: true }) column!: string | null;
  @Field(() => String) reason!: string;
}

@ObjectType()
export class ImportCount {
  @Field(() => String, { description: 'An entity type (Organisation...) or tie type (ENGAGES_IN...).' }) kind!: string;
  @Field(() => Int) created!: number;
  @Field(() => Int) updated!: number;
  @Field(() => Int) unchanged!: number;
  @Field(() => Int) failed!: number;
}

@ObjectType({ description: 'One batch: written in one transaction, all or nothing.' })
export class ImportBatch {
  @Field(() => String) file!: string;
  @Field(() => Int) firstRow!: number;
  @Field(() => Int) lastRow!: number;
  @Field(() => Int) rows!: number;
  @Field(() => ImportBatchStatus) status!: ImportBatchStatus;
  @Field(() => Int) created!: number;
  @Field(() => Int) updated!: number;
  @Field(() => Int) unchanged!: number;
  @Field(() => String, { nullable: true }) reason!: string | null;
}

@ObjectType()
export class ImportRowOutcome {
  @Field(() => String) file!: string;
  @Field(() => Int) row!: number;
  @Field(() => ImportAction) action!: ImportAction;
  @Field(() => String) kind!: string;
  @Field(() => ID, { nullable: true, description: 'The entity or tie (in a dry run, the id it would get); null for a failed row.' }) id!: string | null;
  @Field(() => String, { description: 'A slug, or "from → to" for a tie.' }) label!: string;
}

@ObjectType({ description: 'What an import did, or in a dry run would do: counts, batches, row problems and each row.' })
export class ImportReport {
  @Field(() => ID, { description: 'The import run; history entries carry it as importId.' }) importId!: string;
  @Field(() => Boolean) dryRun!: boolean;
  @Field(() => Int) rows!: number;
  @Field(() => Int) created!: number;
  @Field(() => Int) updated!: number;
  @Field(() => Int) unchanged!: number;
  @Field(() => Int, { description: 'Rows not written because their batch had a problem.' }) failed!: number;
  @Field(() => [ImportCount]) counts!: ImportCount[];
  @Field(() => [ImportBatch]) batches!: ImportBatch[];
  @Field(() => [ImportProblem]) errors!: ImportProblem[];
  @Field(() => [ImportProblem], { description: 'Notes that did not stop the import (shared identifiers, Popolo fields not kept).' }) warnings!: ImportProblem[];
  @Field(() => [ImportRowOutcome]) outcomes!: ImportRowOutcome[];
  @Field(() => Int) durationMs!: number;
}

/** The GraphQL face of an import: its input files and the report it returns. */
import { ArrayMaxSize, ArrayMinSize, Length, MaxLength, ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum ImportFormat {
  CSV = 'CSV',
  JSON = 'JSON',
  POPOLO = 'POPOLO',
}
registerEnumType(ImportFormat, {
  name: 'ImportFormat',
  description:
    'How to read an import file. Left out: .csv names are CSV; JSON with persons, organizations or memberships is Popolo; other JSON is shaped like the demo network.',
});

export enum ImportAction {
  CREATE = 'CREATE',
  UPDATE = 'UPDATE',
  UNCHANGED = 'UNCHANGED',
  FAILED = 'FAILED',
}
registerEnumType(ImportAction, {
  name: 'ImportAction',
  description: 'What an import did (or, in a dry run, would do) with a row.',
});

export enum ImportBatchStatus {
  WRITTEN = 'WRITTEN',
  UNCHANGED = 'UNCHANGED',
  CHECKED = 'CHECKED',
  FAILED = 'FAILED',
}
registerEnumType(ImportBatchStatus, {
  name: 'ImportBatchStatus',
  description:
    'WRITTEN (committed; see failed for rows left out), UNCHANGED (nothing to write), CHECKED (dry run), FAILED (nothing of the batch written).',
});

@InputType({
  description:
    'One file: its name says what a CSV file holds (organisations.csv, engagements.csv, ...; see docs/import.md).',
})
export class ImportFileInput {
  @Field(() => String) @Length(1, 200) name!: string;
  @Field(() => String, { description: 'The text of the file (UTF-8).' })
  @MaxLength(900_000)
  content!: string;
  @Field(() => ImportFormat, { nullable: true }) format?: ImportFormat | null;
}

@InputType({
  description: 'Files to import together: entities first, then ties; at most 500 rows in all.',
})
export class ImportInput {
  @Field(() => [ImportFileInput])
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  files!: ImportFileInput[];
}

@ObjectType({ description: 'A row of an import file.' })
export class ImportRowPlace {
  @Field(() => String) file!: string;
  @Field(() => Int) row!: number;
}

@ObjectType({
  description: 'A problem with a row: where it is and how to fix it. Row 0 is the file as a whole.',
})
export class ImportProblem {
  @Field(() => String) file!: string;
  @Field(() => Int) row!: number;
  @Field(() => String, { nullable: true }) column!: string | null;
  @Field(() => String) reason!: string;
  @Field(() => ImportRowPlace, {
    nullable: true,
    description:
      'The failed row of this import that this row needs (a tie naming an entity whose row failed).',
  })
  dependsOn?: ImportRowPlace | null;
}

@ObjectType({
  description:
    'A root cause of failed rows: one problem, the rows that had it, and the rows that failed because they need those.',
})
export class ImportCause {
  @Field(() => String) file!: string;
  @Field(() => Int, { description: 'The first row with this problem; 0 for the file as a whole.' })
  row!: number;
  @Field(() => String, { nullable: true }) column!: string | null;
  @Field(() => String) reason!: string;
  @Field(() => Int) rows!: number;
  @Field(() => Int) dependents!: number;
}

@ObjectType()
export class ImportCount {
  @Field(() => String, {
    description: 'An entity type (Organisation...) or tie type (ENGAGES_IN...).',
  })
  kind!: string;
  @Field(() => Int) created!: number;
  @Field(() => Int) updated!: number;
  @Field(() => Int) unchanged!: number;
  @Field(() => Int) failed!: number;
}

@ObjectType({
  description:
    'One batch: its rows that passed are written in one transaction; a row with a problem fails alone.',
})
export class ImportBatch {
  @Field(() => String) file!: string;
  @Field(() => Int) firstRow!: number;
  @Field(() => Int) lastRow!: number;
  @Field(() => Int) rows!: number;
  @Field(() => ImportBatchStatus) status!: ImportBatchStatus;
  @Field(() => Int) created!: number;
  @Field(() => Int) updated!: number;
  @Field(() => Int) unchanged!: number;
  @Field(() => Int, { description: 'Rows of the batch that failed and were left out.' })
  failed!: number;
  @Field(() => String, { nullable: true }) reason!: string | null;
}

@ObjectType()
export class ImportRowOutcome {
  @Field(() => String) file!: string;
  @Field(() => Int) row!: number;
  @Field(() => ImportAction) action!: ImportAction;
  @Field(() => String) kind!: string;
  @Field(() => ID, {
    nullable: true,
    description: 'The entity or tie (in a dry run, the id it would get); null for a failed row.',
  })
  id!: string | null;
  @Field(() => String, { description: 'A slug, or "from → to" for a tie.' }) label!: string;
}

@ObjectType({
  description:
    'What an import did, or in a dry run would do: counts, batches, row problems and each row.',
})
export class ImportReport {
  @Field(() => ID, { description: 'The import run; history entries carry it as importId.' })
  importId!: string;
  @Field(() => Boolean) dryRun!: boolean;
  @Field(() => Int) rows!: number;
  @Field(() => Int) created!: number;
  @Field(() => Int) updated!: number;
  @Field(() => Int) unchanged!: number;
  @Field(() => Int, {
    description:
      'Rows that failed: their own problem, a record of this import they need, or their file.',
  })
  failed!: number;
  @Field(() => Int, {
    description:
      'Files (or sections) that could not be imported at all: unrecognised, unparseable, unknown columns.',
  })
  failedFiles!: number;
  @Field(() => [ImportCause], {
    description: 'Why rows failed: one entry per distinct problem, most rows first.',
  })
  causes!: ImportCause[];
  @Field(() => [ImportCount]) counts!: ImportCount[];
  @Field(() => [ImportBatch]) batches!: ImportBatch[];
  @Field(() => [ImportProblem]) errors!: ImportProblem[];
  @Field(() => [ImportProblem], {
    description: 'Notes that did not stop the import (shared identifiers, Popolo fields not kept).',
  })
  warnings!: ImportProblem[];
  @Field(() => [ImportRowOutcome]) outcomes!: ImportRowOutcome[];
  @Field(() => Int) durationMs!: number;
}

import type { ColumnType, Generated } from 'kysely';

export interface DocumentTable {
  id: Generated<number>;
  type: string;
  year: number;
  month: number | null;
  as_of: string;
  version: number;
  status: Generated<string>;
  created_by: string;
  created_at: Generated<Date>;
  faststalld_by: string | null;
  faststalld_at: Date | null;
  snapshot: string | null;
  outline: string | null;
  row_version: Generated<number>;
}

export interface DocumentSectionTextTable {
  document_id: number;
  section_key: string;
  html: string;
  updated_by: string;
  updated_at: ColumnType<Date, Date | undefined, Date>;
  row_version: Generated<number>;
}

export interface DocumentSectionAssigneeTable {
  document_id: number;
  section_key: string;
  username: string;
}

export interface DocumentTables {
  document: DocumentTable;
  document_section_text: DocumentSectionTextTable;
  document_section_assignee: DocumentSectionAssigneeTable;
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Interchange.Core.Migrations.Sqlite.Migrations
{
    /// <summary>
    /// The index behind <c>datasets(filter: {text})</c>: an FTS5 trigram index of each dataset's id, title and
    /// description, kept in step with <c>datasets</c> by triggers, and built here for the rows already there.
    /// </summary>
    /// <remarks>
    /// <para>The text filter is a substring match, case-insensitive for ASCII only: <c>lower(column) LIKE '%text%'</c>
    /// (SQLite's <c>lower</c> folds ASCII only). So the index holds exactly those lower-cased values, one document per
    /// dataset (<c>lower(Id) || char(1) || lower(Title) || char(1) || lower(Description)</c>), under a case-sensitive
    /// trigram tokenizer: a phrase query of the lower-cased text then matches exactly the datasets the <c>LIKE</c>
    /// matches, for texts of three characters or more without <c>char(1)</c> (no match can span a separator it does not
    /// hold). The catalogue searches shorter texts as before.</para>
    /// <para>Contentless (<c>content=''</c>): the text is not stored twice. Its rowids come from
    /// <c>dataset_search_keys</c>, not from the implicit rowid of <c>datasets</c>, which <c>VACUUM</c> and EF Core's table
    /// rebuilds may renumber. A migration that rebuilds <c>datasets</c> drops its triggers and must create them again
    /// (the catalogue's search tests fail if it does not).</para>
    /// </remarks>
    public partial class DatasetTextSearch : Migration
    {
        private const string NewDocument = """lower(new."Id") || char(1) || lower(new."Title") || char(1) || lower(new."Description")""";

        private const string OldDocument = """lower(old."Id") || char(1) || lower(old."Title") || char(1) || lower(old."Description")""";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE "dataset_search_keys" (
                    "RowId" INTEGER NOT NULL CONSTRAINT "PK_dataset_search_keys" PRIMARY KEY,
                    "Id" TEXT NOT NULL CONSTRAINT "AK_dataset_search_keys_Id" UNIQUE
                );
                """);
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE "dataset_search" USING fts5("Document", content='', columnsize=0, tokenize='trigram case_sensitive 1');
                """);
            migrationBuilder.Sql("""
                INSERT INTO "dataset_search_keys" ("Id") SELECT "Id" FROM "datasets" ORDER BY "Id";
                """);
            migrationBuilder.Sql("""
                INSERT INTO "dataset_search" (rowid, "Document")
                SELECT k."RowId", lower(d."Id") || char(1) || lower(d."Title") || char(1) || lower(d."Description")
                FROM "datasets" AS d JOIN "dataset_search_keys" AS k ON k."Id" = d."Id";
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER "datasets_search_insert" AFTER INSERT ON "datasets" BEGIN
                    INSERT INTO "dataset_search_keys" ("Id") VALUES (new."Id");
                    INSERT INTO "dataset_search" (rowid, "Document")
                    SELECT "RowId", {NewDocument} FROM "dataset_search_keys" WHERE "Id" = new."Id";
                END;
                """);
            // A contentless table forgets a document by being told its rowid and the exact text it indexed.
            migrationBuilder.Sql($"""
                CREATE TRIGGER "datasets_search_update" AFTER UPDATE OF "Id", "Title", "Description" ON "datasets" BEGIN
                    INSERT INTO "dataset_search" ("dataset_search", rowid, "Document")
                    SELECT 'delete', "RowId", {OldDocument} FROM "dataset_search_keys" WHERE "Id" = old."Id";
                    UPDATE "dataset_search_keys" SET "Id" = new."Id" WHERE "Id" = old."Id";
                    INSERT INTO "dataset_search" (rowid, "Document")
                    SELECT "RowId", {NewDocument} FROM "dataset_search_keys" WHERE "Id" = new."Id";
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER "datasets_search_delete" AFTER DELETE ON "datasets" BEGIN
                    INSERT INTO "dataset_search" ("dataset_search", rowid, "Document")
                    SELECT 'delete', "RowId", {OldDocument} FROM "dataset_search_keys" WHERE "Id" = old."Id";
                    DELETE FROM "dataset_search_keys" WHERE "Id" = old."Id";
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER "datasets_search_delete";""");
            migrationBuilder.Sql("""DROP TRIGGER "datasets_search_update";""");
            migrationBuilder.Sql("""DROP TRIGGER "datasets_search_insert";""");
            migrationBuilder.Sql("""DROP TABLE "dataset_search";""");
            migrationBuilder.Sql("""DROP TABLE "dataset_search_keys";""");
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Interchange.Core.Migrations.Postgres.Migrations
{
    /// <summary>
    /// The indexes behind <c>datasets(filter: {text})</c>: pg_trgm GIN indexes on the lower-cased id, title and
    /// description, the expressions the filter's <c>lower(column) LIKE '%text%'</c> compares, so PostgreSQL answers it
    /// from the indexes (rechecking each candidate row) instead of reading every row.
    /// </summary>
    /// <remarks>
    /// pg_trgm ships with PostgreSQL (contrib) and is a trusted extension: a role that may create objects in the
    /// database may install it. Where it is not installed and cannot be (no contrib package, or no privilege), this
    /// migration still succeeds without the indexes: the filter gives the same results, by reading every row. It is
    /// installed in the store's own schema, which the migrating role owns; one already installed elsewhere is used there.
    /// </remarks>
    public partial class DatasetTextSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DO $migration$
                DECLARE
                    trigram_schema name;
                BEGIN
                    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm')
                        AND EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') THEN
                        BEGIN
                            CREATE EXTENSION pg_trgm SCHEMA catalog;
                        EXCEPTION WHEN insufficient_privilege OR feature_not_supported OR undefined_file THEN
                            RAISE WARNING 'pg_trgm could not be installed (%); datasets(filter: {text}) reads every dataset until it is installed and the indexes of migration DatasetTextSearch are created', SQLERRM;
                        END;
                    END IF;

                    SELECT n.nspname INTO trigram_schema
                    FROM pg_extension AS e JOIN pg_namespace AS n ON n.oid = e.extnamespace
                    WHERE e.extname = 'pg_trgm';
                    IF trigram_schema IS NOT NULL THEN
                        EXECUTE format('CREATE INDEX "IX_datasets_Id_trigrams" ON catalog.datasets USING gin (lower("Id") %I.gin_trgm_ops)', trigram_schema);
                        EXECUTE format('CREATE INDEX "IX_datasets_Title_trigrams" ON catalog.datasets USING gin (lower("Title") %I.gin_trgm_ops)', trigram_schema);
                        EXECUTE format('CREATE INDEX "IX_datasets_Description_trigrams" ON catalog.datasets USING gin (lower("Description") %I.gin_trgm_ops)', trigram_schema);
                    END IF;
                END
                $migration$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The extension stays: something else may have come to use it.
            migrationBuilder.Sql("""
                DROP INDEX IF EXISTS catalog."IX_datasets_Description_trigrams";
                DROP INDEX IF EXISTS catalog."IX_datasets_Title_trigrams";
                DROP INDEX IF EXISTS catalog."IX_datasets_Id_trigrams";
                """);
        }
    }
}

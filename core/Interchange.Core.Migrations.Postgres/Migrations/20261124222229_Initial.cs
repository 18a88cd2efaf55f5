using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Interchange.Core.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "catalog");

            migrationBuilder.CreateTable(
                name: "access_requests",
                schema: "catalog",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false, collation: "C"),
                    DatasetId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false, collation: "C"),
                    RequesterId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false, collation: "C"),
                    ProviderId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false, collation: "C"),
                    Purpose = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false, collation: "C"),
                    Fields = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Justification = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false, collation: "C"),
                    Case = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true, collation: "C"),
                    RequestedUntil = table.Column<long>(type: "bigint", nullable: false),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    Deadline = table.Column<long>(type: "bigint", nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true, collation: "C"),
                    DecidedBy = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true, collation: "C"),
                    DecidedAt = table.Column<long>(type: "bigint", nullable: true),
                    GrantId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_access_requests", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "agencies",
                schema: "catalog",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false, collation: "C"),
                    Name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false, collation: "C"),
                    Region = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false, collation: "C"),
                    Roles = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_agencies", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "grants",
                schema: "catalog",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false, collation: "C"),
                    DatasetId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false, collation: "C"),
                    ConsumerId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false, collation: "C"),
                    Purpose = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false, collation: "C"),
                    Fields = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Until = table.Column<long>(type: "bigint", nullable: false),
                    Revoked = table.Column<bool>(type: "boolean", nullable: false),
                    ProviderId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false, collation: "C"),
                    RequestId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true, collation: "C"),
                    GrantedAt = table.Column<long>(type: "bigint", nullable: false),
                    RevokedAt = table.Column<long>(type: "bigint", nullable: true),
                    ExpiryRecordedAt = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_grants", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "datasets",
                schema: "catalog",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false, collation: "C"),
                    Title = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false, collation: "C"),
                    Description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false, collation: "C"),
                    ProviderId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false, collation: "C"),
                    Region = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false, collation: "C"),
                    SourceUrl = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    SharingType = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Classification = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    UpdateFrequency = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true, collation: "C"),
                    RegisteredAt = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_datasets", x => x.Id);
                    table.ForeignKey(
                        name: "FK_datasets_agencies_ProviderId",
                        column: x => x.ProviderId,
                        principalSchema: "catalog",
                        principalTable: "agencies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_access_requests_ProviderId_State",
                schema: "catalog",
                table: "access_requests",
                columns: new[] { "ProviderId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_access_requests_RequesterId_DatasetId_Purpose",
                schema: "catalog",
                table: "access_requests",
                columns: new[] { "RequesterId", "DatasetId", "Purpose" },
                unique: true,
                filter: "\"State\" = 'Pending'");

            migrationBuilder.CreateIndex(
                name: "IX_access_requests_RequesterId_State",
                schema: "catalog",
                table: "access_requests",
                columns: new[] { "RequesterId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_datasets_ProviderId",
                schema: "catalog",
                table: "datasets",
                column: "ProviderId");

            migrationBuilder.CreateIndex(
                name: "IX_datasets_Region",
                schema: "catalog",
                table: "datasets",
                column: "Region");

            migrationBuilder.CreateIndex(
                name: "IX_grants_ConsumerId_DatasetId_Purpose",
                schema: "catalog",
                table: "grants",
                columns: new[] { "ConsumerId", "DatasetId", "Purpose" });

            migrationBuilder.CreateIndex(
                name: "IX_grants_ProviderId",
                schema: "catalog",
                table: "grants",
                column: "ProviderId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "access_requests",
                schema: "catalog");

            migrationBuilder.DropTable(
                name: "datasets",
                schema: "catalog");

            migrationBuilder.DropTable(
                name: "grants",
                schema: "catalog");

            migrationBuilder.DropTable(
                name: "agencies",
                schema: "catalog");
        }
    }
}

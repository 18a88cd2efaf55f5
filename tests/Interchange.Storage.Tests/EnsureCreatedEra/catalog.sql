-- The catalog store (data/catalog.db) as the standalone host made it before migrations existed (EnsureCreated,
-- commit b395311), with the demo seed; `sqlite3 data/catalog.db .dump`. The adoption tests load it and migrate.
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE IF NOT EXISTS "access_requests" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_access_requests" PRIMARY KEY,
    "DatasetId" TEXT NOT NULL,
    "RequesterId" TEXT NOT NULL,
    "ProviderId" TEXT NOT NULL,
    "Purpose" TEXT NOT NULL,
    "Fields" TEXT NOT NULL,
    "Justification" TEXT NOT NULL,
    "Case" TEXT NULL,
    "RequestedUntil" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "Deadline" INTEGER NOT NULL,
    "State" TEXT NOT NULL,
    "Reason" TEXT NULL,
    "DecidedBy" TEXT NULL,
    "DecidedAt" INTEGER NULL,
    "GrantId" TEXT NULL
);
CREATE TABLE IF NOT EXISTS "agencies" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_agencies" PRIMARY KEY,
    "Name" TEXT NOT NULL,
    "Region" TEXT NOT NULL,
    "Roles" TEXT NOT NULL
);
INSERT INTO agencies VALUES('gd-audit-office','Guangdong Provincial Audit Office','440000','auditor');
INSERT INTO agencies VALUES('gz-human-resources','Guangzhou Human Resources and Social Security Bureau','440100','provider consumer');
INSERT INTO agencies VALUES('sz-civil-affairs','Shenzhen Civil Affairs Bureau','440300','consumer');
INSERT INTO agencies VALUES('sz-market-regulation','Shenzhen Administration for Market Regulation','440300','provider consumer');
INSERT INTO agencies VALUES('sz-public-security','Shenzhen Public Security Bureau','440300','provider consumer');
CREATE TABLE IF NOT EXISTS "grants" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_grants" PRIMARY KEY,
    "DatasetId" TEXT NOT NULL,
    "ConsumerId" TEXT NOT NULL,
    "Purpose" TEXT NOT NULL,
    "Fields" TEXT NOT NULL,
    "Until" INTEGER NOT NULL,
    "Revoked" INTEGER NOT NULL,
    "ProviderId" TEXT NOT NULL,
    "RequestId" TEXT NULL,
    "GrantedAt" INTEGER NOT NULL,
    "RevokedAt" INTEGER NULL,
    "ExpiryRecordedAt" INTEGER NULL
);
CREATE TABLE IF NOT EXISTS "datasets" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_datasets" PRIMARY KEY,
    "Title" TEXT NOT NULL,
    "Description" TEXT NOT NULL,
    "ProviderId" TEXT NOT NULL,
    "Region" TEXT NOT NULL,
    "SourceUrl" TEXT NOT NULL,
    "SharingType" TEXT NOT NULL,
    "Classification" TEXT NOT NULL,
    "UpdateFrequency" TEXT NULL,
    "RegisteredAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_datasets_agencies_ProviderId" FOREIGN KEY ("ProviderId") REFERENCES "agencies" ("Id") ON DELETE RESTRICT
);
INSERT INTO datasets VALUES('business-licenses','Business Licence Registrations (营业执照登记信息)','Registration particulars of enterprises and individual businesses licensed in Shenzhen: unified social credit code, registered name, legal representative, registered capital, date of establishment, business scope, registered address, registration status and the registering office. Maintained by the Shenzhen Administration for Market Regulation from the commercial register and updated each working day. (深圳市商事主体登记信息，每个工作日更新。)','sz-market-regulation','440300','http://127.0.0.1:33635/business-licenses','Unconditional','General','daily',1795558641579430,1795558641674914);
INSERT INTO datasets VALUES('criminal-records','Criminal Records (违法犯罪记录信息)','Criminal judgments concerning persons registered in Shenzhen: offence, trial court, date of judgment, sentence and case number. Not shared (不予共享): criminal record information is sensitive personal information (Personal Information Protection Law art. 28) and is disclosed only on the individual inquiries the Provisions on Criminal Record Inquiries by Public Security Organs (公安机关办理犯罪记录查询工作规定, 2021) allow, never through general data sharing. (深圳市违法犯罪记录信息，依法不予共享。)','sz-public-security','440300','http://127.0.0.1:33635/criminal-records','NotShared','Important','daily',1795558641579430,1795558641674914);
INSERT INTO datasets VALUES('household-registration','Household Registration (户籍人口登记信息)','Permanent residents registered in Shenzhen households: resident identity card number, name, gender, date of birth, ethnicity, registered address, household number and relationship to the head of household, with the date of registration. Changes recorded by local police stations are reflected as they are made. Personal information: shared only under an approved grant for a stated purpose. (深圳市常住户籍人口登记信息，实时更新，含个人信息。)','sz-public-security','440300','http://127.0.0.1:33635/household-registration','Conditional','Important','real-time',1795558641579430,1795558641674914);
INSERT INTO datasets VALUES('social-insurance-contributions','Social Insurance Contributions (社会保险缴费信息)','Monthly social insurance contributions of insured persons in Guangzhou: identity card number, name, employer and its unified social credit code, type of insurance, contribution base, monthly contribution, contribution period and contribution status. Compiled by the Guangzhou Human Resources and Social Security Bureau after each monthly collection cycle. (广州市参保人员社会保险缴费明细，按月更新，含个人信息。)','gz-human-resources','440100','http://127.0.0.1:33635/social-insurance-contributions','Conditional','General','monthly',1795558641579430,1795558641674914);
CREATE INDEX "IX_access_requests_ProviderId_State" ON "access_requests" ("ProviderId", "State");
CREATE UNIQUE INDEX "IX_access_requests_RequesterId_DatasetId_Purpose" ON "access_requests" ("RequesterId", "DatasetId", "Purpose") WHERE "State" = 'Pending';
CREATE INDEX "IX_access_requests_RequesterId_State" ON "access_requests" ("RequesterId", "State");
CREATE INDEX "IX_datasets_ProviderId" ON "datasets" ("ProviderId");
CREATE INDEX "IX_datasets_Region" ON "datasets" ("Region");
CREATE INDEX "IX_grants_ConsumerId_DatasetId_Purpose" ON "grants" ("ConsumerId", "DatasetId", "Purpose");
CREATE INDEX "IX_grants_ProviderId" ON "grants" ("ProviderId");
COMMIT;

-- The identity store (data/identity.db) as the standalone host made it before migrations existed (EnsureCreated,
-- commit b395311), with the demo seed; `sqlite3 data/identity.db .dump`. The adoption tests load it and migrate.
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE IF NOT EXISTS "OpenIddictApplications" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_OpenIddictApplications" PRIMARY KEY,
    "ApplicationType" TEXT NULL,
    "ClientId" TEXT NULL,
    "ClientSecret" TEXT NULL,
    "ClientType" TEXT NULL,
    "ConcurrencyToken" TEXT NULL,
    "ConsentType" TEXT NULL,
    "DisplayName" TEXT NULL,
    "DisplayNames" TEXT NULL,
    "JsonWebKeySet" TEXT NULL,
    "Permissions" TEXT NULL,
    "PostLogoutRedirectUris" TEXT NULL,
    "Properties" TEXT NULL,
    "RedirectUris" TEXT NULL,
    "Requirements" TEXT NULL,
    "Settings" TEXT NULL
);
INSERT INTO OpenIddictApplications VALUES('efea7ce2-1cc0-4168-bea5-2c83f31b87b9',NULL,'sz-public-security','AQAAAAEAACcQAAAAEJ2pRJXprgJVDPgqvytfrRf+q3tDnbLzfFD32vkMY5o+mQjD3QuhYLSeA00u3W646Q==','confidential','783c6657-7bee-482c-9514-64c55f50817e',NULL,'Shenzhen Public Security Bureau',NULL,NULL,'["ept:token","gt:client_credentials","scp:catalog","scp:data","scp:registry"]',NULL,NULL,NULL,NULL,NULL);
INSERT INTO OpenIddictApplications VALUES('4bbbc762-12c2-4f44-b30d-7e2387d5c063',NULL,'sz-market-regulation','AQAAAAEAACcQAAAAEPN4kYaZxofeSM7w4KuucYoyN/LX8jxaPUzuamZ8JgiqXfYIT5Smd0uYL6zLzmzR1g==','confidential','e859d799-f75f-463e-bf94-2f1659d965cc',NULL,'Shenzhen Administration for Market Regulation',NULL,NULL,'["ept:token","gt:client_credentials","scp:catalog","scp:data","scp:registry"]',NULL,NULL,NULL,NULL,NULL);
INSERT INTO OpenIddictApplications VALUES('09afc1b8-1aef-4e03-bec8-04b006274105',NULL,'sz-civil-affairs','AQAAAAEAACcQAAAAEED3kQrJM6WUh6U62N6tLr7jv/Cphnwm4sCS6Bo9PIJMqNmZkZDf402oBdYv6ow45w==','confidential','b710928a-9565-4519-b19b-3d06a2386751',NULL,'Shenzhen Civil Affairs Bureau',NULL,NULL,'["ept:token","gt:client_credentials","scp:catalog","scp:data"]',NULL,NULL,NULL,NULL,NULL);
INSERT INTO OpenIddictApplications VALUES('d97d0971-6f00-452c-830f-b53bb96a9713',NULL,'gz-human-resources','AQAAAAEAACcQAAAAEOOmjI1FDEpc8qd/wPfey3nIdDGds7eixeNRDu+xXXxfz7pu+qjFr4LEfjM6cKPT4w==','confidential','4b1104dc-38c9-40d0-87e4-a6b96d81caaf',NULL,'Guangzhou Human Resources and Social Security Bureau',NULL,NULL,'["ept:token","gt:client_credentials","scp:catalog","scp:data","scp:registry"]',NULL,NULL,NULL,NULL,NULL);
INSERT INTO OpenIddictApplications VALUES('71fbf48a-f02b-4745-a1ab-7a0f8f4690dc',NULL,'gd-audit-office','AQAAAAEAACcQAAAAEK93EIcQF6sTw5Q+4dnph8pA0/29medkIaQXe5b4qEx09g+Qe1g83Ou901M1Bd9dPQ==','confidential','cc2a1d2b-8b24-40fa-96ff-e73723504e78',NULL,'Guangdong Provincial Audit Office',NULL,NULL,'["ept:token","gt:client_credentials","scp:catalog","scp:audit"]',NULL,NULL,NULL,NULL,NULL);
CREATE TABLE IF NOT EXISTS "OpenIddictScopes" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_OpenIddictScopes" PRIMARY KEY,
    "ConcurrencyToken" TEXT NULL,
    "Description" TEXT NULL,
    "Descriptions" TEXT NULL,
    "DisplayName" TEXT NULL,
    "DisplayNames" TEXT NULL,
    "Name" TEXT NULL,
    "Properties" TEXT NULL,
    "Resources" TEXT NULL
);
CREATE TABLE IF NOT EXISTS "agencies" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_agencies" PRIMARY KEY,
    "Name" TEXT NOT NULL,
    "Region" TEXT NOT NULL,
    "Roles" TEXT NOT NULL
);
INSERT INTO agencies VALUES('sz-public-security','Shenzhen Public Security Bureau','440300','provider consumer');
INSERT INTO agencies VALUES('sz-market-regulation','Shenzhen Administration for Market Regulation','440300','provider consumer');
INSERT INTO agencies VALUES('sz-civil-affairs','Shenzhen Civil Affairs Bureau','440300','consumer');
INSERT INTO agencies VALUES('gz-human-resources','Guangzhou Human Resources and Social Security Bureau','440100','provider consumer');
INSERT INTO agencies VALUES('gd-audit-office','Guangdong Provincial Audit Office','440000','auditor');
CREATE TABLE IF NOT EXISTS "OpenIddictAuthorizations" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_OpenIddictAuthorizations" PRIMARY KEY,
    "ApplicationId" TEXT NULL,
    "ConcurrencyToken" TEXT NULL,
    "CreationDate" TEXT NULL,
    "Properties" TEXT NULL,
    "Scopes" TEXT NULL,
    "Status" TEXT NULL,
    "Subject" TEXT NULL,
    "Type" TEXT NULL,
    CONSTRAINT "FK_OpenIddictAuthorizations_OpenIddictApplications_ApplicationId" FOREIGN KEY ("ApplicationId") REFERENCES "OpenIddictApplications" ("Id")
);
CREATE TABLE IF NOT EXISTS "OpenIddictTokens" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_OpenIddictTokens" PRIMARY KEY,
    "ApplicationId" TEXT NULL,
    "AuthorizationId" TEXT NULL,
    "ConcurrencyToken" TEXT NULL,
    "CreationDate" TEXT NULL,
    "ExpirationDate" TEXT NULL,
    "Payload" TEXT NULL,
    "Properties" TEXT NULL,
    "RedemptionDate" TEXT NULL,
    "ReferenceId" TEXT NULL,
    "Status" TEXT NULL,
    "Subject" TEXT NULL,
    "Type" TEXT NULL,
    CONSTRAINT "FK_OpenIddictTokens_OpenIddictApplications_ApplicationId" FOREIGN KEY ("ApplicationId") REFERENCES "OpenIddictApplications" ("Id"),
    CONSTRAINT "FK_OpenIddictTokens_OpenIddictAuthorizations_AuthorizationId" FOREIGN KEY ("AuthorizationId") REFERENCES "OpenIddictAuthorizations" ("Id")
);
INSERT INTO OpenIddictTokens VALUES('8a557499-9160-4d8e-9e27-d23e8ec3197b','09afc1b8-1aef-4e03-bec8-04b006274105',NULL,'b796792d-5806-408a-9a2f-087ee8da38d4','2026-11-24 22:17:43','2026-11-24 22:32:43',NULL,NULL,NULL,NULL,'valid','sz-civil-affairs','urn:ietf:params:oauth:token-type:access_token');
CREATE UNIQUE INDEX "IX_OpenIddictApplications_ClientId" ON "OpenIddictApplications" ("ClientId");
CREATE INDEX "IX_OpenIddictAuthorizations_ApplicationId_Status_Subject_Type" ON "OpenIddictAuthorizations" ("ApplicationId", "Status", "Subject", "Type");
CREATE UNIQUE INDEX "IX_OpenIddictScopes_Name" ON "OpenIddictScopes" ("Name");
CREATE INDEX "IX_OpenIddictTokens_ApplicationId_Status_Subject_Type" ON "OpenIddictTokens" ("ApplicationId", "Status", "Subject", "Type");
CREATE INDEX "IX_OpenIddictTokens_AuthorizationId" ON "OpenIddictTokens" ("AuthorizationId");
CREATE UNIQUE INDEX "IX_OpenIddictTokens_ReferenceId" ON "OpenIddictTokens" ("ReferenceId");
COMMIT;

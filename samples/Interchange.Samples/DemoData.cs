using Interchange.Samples.Data;

namespace Interchange.Samples;

/// <summary>
/// The synthetic records the demo sources serve: 300 per dataset, generated deterministically (seed 2026) so tests can
/// name a known person or company, e.g. <c>DemoData.HouseholdRegistration[0]["id_number"]</c>. Each record's fields are
/// in the order the source serves them. Restricted values (every <c>internal_remarks</c>, every string of
/// <c>criminal-records</c>) start with <see cref="CanaryPrefix"/>, so a leak shows up by searching any answer for it.
/// </summary>
public static class DemoData
{
    public const string CanaryPrefix = "CANARY-";

    public const int Seed = 2026;

    public const int RecordsPerDataset = 300;

    public const string BusinessLicensesId = "business-licenses";
    public const string HouseholdRegistrationId = "household-registration";
    public const string SocialInsuranceContributionsId = "social-insurance-contributions";
    public const string CriminalRecordsId = "criminal-records";

    static DemoData()
    {
        // One generator, fixed order: the social insurance data reuses people drawn for household registration.
        var generator = new DemoDataGenerator(Seed, RecordsPerDataset);
        BusinessLicenses = generator.BusinessLicenses();
        HouseholdRegistration = generator.HouseholdRegistration();
        SocialInsuranceContributions = generator.SocialInsuranceContributions(HouseholdRegistration);
        CriminalRecords = generator.CriminalRecords();
    }

    public static IReadOnlyList<string> DatasetIds { get; } =
        [BusinessLicensesId, HouseholdRegistrationId, SocialInsuranceContributionsId, CriminalRecordsId];

    /// <summary>uscc, company_name, legal_representative, registered_capital (万元), established_date, business_scope, address, status, registration_authority, internal_remarks.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, object?>> BusinessLicenses { get; }

    /// <summary>id_number, name, gender, birth_date, ethnicity, address, household_id, relationship_to_head, registration_date, internal_remarks.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, object?>> HouseholdRegistration { get; }

    /// <summary>id_number, name, employer_uscc, employer_name, insurance_type, contribution_base, monthly_contribution, period, status, internal_remarks.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, object?>> SocialInsuranceContributions { get; }

    /// <summary>id_number, name, offence, court, judgment_date, sentence, case_number, internal_remarks — all canaries.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, object?>> CriminalRecords { get; }

    /// <summary>The records of one dataset.</summary>
    /// <exception cref="ArgumentException">The id is not a demo dataset.</exception>
    public static IReadOnlyList<IReadOnlyDictionary<string, object?>> Records(string datasetId) => datasetId switch
    {
        BusinessLicensesId => BusinessLicenses,
        HouseholdRegistrationId => HouseholdRegistration,
        SocialInsuranceContributionsId => SocialInsuranceContributions,
        CriminalRecordsId => CriminalRecords,
        _ => throw new ArgumentException($"'{datasetId}' is not a demo dataset.", nameof(datasetId)),
    };

    /// <summary>The field <c>GET /{dataset}/records/{key}</c> looks records up by: <c>uscc</c> for business licences, else <c>id_number</c>.</summary>
    /// <exception cref="ArgumentException">The id is not a demo dataset.</exception>
    public static string KeyField(string datasetId)
    {
        _ = Records(datasetId);
        return datasetId == BusinessLicensesId ? "uscc" : "id_number";
    }
}

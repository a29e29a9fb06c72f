using System.Text.Json;
using Hl7.Fhir.Model;
using Sentinela.Geography;
using Sentinela.Server.Ingestion;
using Sentinela.Tests.Infrastructure;
using HemogramParameter = Sentinela.Server.Hemograms.HemogramParameter;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;
using Measurement = Sentinela.Server.Hemograms.Measurement;
using Sex = Sentinela.Server.Hemograms.Sex;

namespace Sentinela.Tests.Unit;

public sealed class HemogramParserTests
{
    static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    static readonly DateTimeOffset HalfHourAgo = Now.AddMinutes(-30);

    readonly HemogramParser _parser = new(ReferenceData.Municipalities, new FixedTimeProvider(Now), new IngestionOptions(), new Sentinela.Server.Identity.LaboratoryDirectory());

    SubmissionResult Parse(Observation observation, ReferenceResolver? resolver = null, string? sourceHint = null) =>
        _parser.Parse(observation, resolver ?? ReferenceResolver.ContainedOnly, sourceHint);

    HemogramSubmission Accepted(Observation observation, ReferenceResolver? resolver = null)
    {
        var result = Parse(observation, resolver);
        Assert.True(result.Succeeded, string.Join(" | ", result.Issues.Select(i => i.Diagnostics)));
        Assert.Empty(result.Issues);
        return result.Submission!;
    }

    static ParseIssue Refused(SubmissionResult result)
    {
        Assert.False(result.Succeeded);
        Assert.Null(result.Submission);
        return Assert.Single(result.Issues);
    }

    static Observation Lab(
        string? identifier = "obs-1", int? municipality = Observations.Contagem, (double Lat, double Lon)? point = null,
        double plateletsThousands = 250, DateTimeOffset? collectedAt = null, string lab = "1234567") =>
        Observations.Hemogram(identifier, municipality, point, plateletsThousands, collectedAt: collectedAt ?? HalfHourAgo, lab: lab);

    static Patient PatientOf(Observation o) => o.Contained.OfType<Patient>().Single();

    static Organization OrganizationOf(Observation o) => o.Contained.OfType<Organization>().Single();

    static double ValueOf(HemogramSubmission s, HemogramParameter p) => s.Measurements.Single(m => m.Parameter == p).Value;

    static Observation Analyte(string id, string loinc, decimal value, string unit) => new()
    {
        Id = id,
        Status = ObservationStatus.Final,
        Code = new CodeableConcept(LoincCatalog.System, loinc),
        Value = new Quantity(value, unit),
    };

    static Address AddressWithCode(string code) => new()
    {
        Extension = [new Extension(LocationReader.MunicipalityExtension, new CodeableConcept("http://www.saude.gov.br/fhir/r4/CodeSystem/BRDivisaoGeograficaBrasil-1.0", code))],
    };

    // ---- value forms ----

    [Fact]
    public void Components_form_yields_every_value_in_canonical_units_with_place_person_and_time()
    {
        var s = Accepted(Lab(plateletsThousands: 98));

        Assert.Equal(3, s.Measurements.Count);
        Assert.Equal(98_000, ValueOf(s, HemogramParameter.Platelets), 6);
        Assert.Equal(14, ValueOf(s, HemogramParameter.Hemoglobin), 6);
        Assert.Equal(7_000, ValueOf(s, HemogramParameter.Leukocytes), 6);
        Assert.Equal(3118601, s.Municipality.IbgeCode);
        Assert.Equal("Contagem", s.Municipality.Name);
        Assert.Equal(Sex.Female, s.Sex);
        Assert.Equal(HalfHourAgo, s.CollectedAt);
        Assert.Equal("1234567", s.Lab);
    }

    [Fact]
    public void Cbc_panel_reads_its_contained_hasMember_observations()
    {
        var panel = Lab();
        panel.Component.Clear();
        panel.Contained.Add(Analyte("plt", "777-3", 95, "10*3/uL"));
        panel.Contained.Add(Analyte("hb", "718-7", 11.2m, "g/dL"));
        panel.Contained.Add(Analyte("hct", "4544-3", 0.33m, "L/L"));
        panel.HasMember = [new ResourceReference("#plt"), new ResourceReference("#hb"), new ResourceReference("#hct")];

        var s = Accepted(panel);

        Assert.Equal(3, s.Measurements.Count);
        Assert.Equal(95_000, ValueOf(s, HemogramParameter.Platelets), 6);
        Assert.Equal(11.2, ValueOf(s, HemogramParameter.Hemoglobin), 6);
        Assert.Equal(33, ValueOf(s, HemogramParameter.Hematocrit), 6);
    }

    [Fact]
    public void Cbc_panel_reads_hasMember_observations_from_the_same_bundle()
    {
        var panel = Lab();
        panel.Component.Clear();
        panel.HasMember = [new ResourceReference("Observation/plt"), new ResourceReference("urn:uuid:0b7f2a52-8a41-4a3e-9f7e-111111111111")];
        var bundle = new Bundle
        {
            Type = Bundle.BundleType.Transaction,
            Entry =
            [
                new Bundle.EntryComponent { FullUrl = "http://lab.example/fhir/Observation/plt", Resource = Analyte("plt", "777-3", 120, "10*3/uL") },
                new Bundle.EntryComponent { FullUrl = "urn:uuid:0b7f2a52-8a41-4a3e-9f7e-111111111111", Resource = Analyte("wbc-x", "6690-2", 3.1m, "10*9/L") },
            ],
        };

        var s = Accepted(panel, ReferenceResolver.ForBundle(bundle.Entry));

        Assert.Equal(120_000, ValueOf(s, HemogramParameter.Platelets), 6);
        Assert.Equal(3_100, ValueOf(s, HemogramParameter.Leukocytes), 6);
    }

    [Fact]
    public void Cbc_panel_member_that_cannot_be_resolved_is_refused()
    {
        var panel = Lab();
        panel.HasMember = [new ResourceReference("#missing")];

        var issue = Refused(Parse(panel));

        Assert.Equal(IssueType.NotFound, issue.Code);
        Assert.Contains("#missing", issue.Diagnostics);
        Assert.Equal("Observation.hasMember[0]", issue.Expression);
    }

    [Fact]
    public void Single_analyte_observation_is_read_from_code_and_value()
    {
        var o = Lab();
        o.Component.Clear();
        o.Code = new CodeableConcept(LoincCatalog.System, "777-3");
        o.Value = new Quantity(42, "10*3/uL");

        var s = Accepted(o);

        var m = Assert.Single(s.Measurements);
        Assert.Equal(new Measurement(HemogramParameter.Platelets, 42_000), m);
    }

    [Fact]
    public void A_parameter_sent_twice_keeps_its_first_value()
    {
        var o = Lab(plateletsThousands: 100);
        o.Component.Add(Observations.Component("777-3", 300, "10*3/uL"));

        var s = Accepted(o);

        Assert.Equal(100_000, ValueOf(s, HemogramParameter.Platelets), 6);
    }

    // ---- units ----

    [Theory]
    [InlineData("777-3", 250, "10*3/uL", 250_000)]
    [InlineData("777-3", 250_000, "/uL", 250_000)]
    [InlineData("777-3", 250, "10*9/L", 250_000)]
    [InlineData("777-3", 250_000, "/mm3", 250_000)]
    [InlineData("777-3", 250_000, "10*6/L", 250_000)]
    [InlineData("777-3", 250, "10*3/mm3", 250_000)]
    [InlineData("777-3", 250, "10^3/µL", 250_000)]
    [InlineData("777-3", 250, "10^3/μL", 250_000)]
    [InlineData("777-3", 250, "x10^3/uL", 250_000)]
    [InlineData("777-3", 250, "10^3/mm³", 250_000)]
    [InlineData("777-3", 250, " 10^9 / L ", 250_000)]
    [InlineData("26515-7", 250, "k/uL", 250_000)]
    [InlineData("6690-2", 7.5, "10^9/L", 7_500)]
    [InlineData("6690-2", 7_500, "{cells}/uL", 7_500)]
    [InlineData("751-8", 4.2, "10*3/uL", 4_200)]
    [InlineData("731-0", 2_100, "/uL", 2_100)]
    [InlineData("711-2", 0.3, "10*9/L", 300)]
    [InlineData("718-7", 14.2, "g/dL", 14.2)]
    [InlineData("718-7", 142, "g/L", 14.2)]
    [InlineData("718-7", 14.2, "g/100mL", 14.2)]
    [InlineData("4544-3", 0.42, "L/L", 42)]
    [InlineData("4544-3", 0.42, "1", 42)]
    [InlineData("4544-3", 42, "%", 42)]
    [InlineData("789-8", 4.5, "10*6/uL", 4.5)]
    [InlineData("789-8", 4.5, "10^12/L", 4.5)]
    [InlineData("789-8", 4.5, "10*6/mm3", 4.5)]
    [InlineData("789-8", 4_500_000, "/uL", 4.5)]
    public void Units_are_normalised_to_the_canonical_unit(string loinc, double value, string unit, double canonical)
    {
        var o = Lab();
        o.Component = [Observations.Component(loinc, value, unit)];

        var m = Assert.Single(Accepted(o).Measurements);

        Assert.Equal(canonical, m.Value, 9);
    }

    [Fact]
    public void Hemoglobin_in_mmol_per_litre_is_converted_with_the_monomer_factor()
    {
        // Clinical conversion: g/dL = mmol/L ÷ 0.6206 (haemoglobin monomer, 16.1 kDa).
        var o = Lab();
        o.Component = [Observations.Component("718-7", 8.7, "mmol/L")];

        var m = Assert.Single(Accepted(o).Measurements);

        Assert.Equal(HemogramParameter.Hemoglobin, m.Parameter);
        Assert.Equal(8.7 / 0.6206, m.Value, 0.01);
    }

    [Fact]
    public void Unknown_unit_is_refused_naming_the_accepted_units()
    {
        var o = Lab();
        o.Component = [Observations.Component("777-3", 250, "mg/dL")];

        var issue = Refused(Parse(o));

        Assert.Equal(IssueType.CodeInvalid, issue.Code);
        Assert.Equal("Observation.component[0].valueQuantity.code", issue.Expression);
        Assert.Contains("'mg/dL'", issue.Diagnostics);
        Assert.Contains("platelets", issue.Diagnostics);
        foreach (var accepted in new[] { "/uL", "10*3/uL", "10*9/L", "/mm3" })
            Assert.Contains(accepted, issue.Diagnostics);
    }

    [Fact]
    public void Unit_of_another_dimension_is_refused()
    {
        var o = Lab();
        o.Component = [Observations.Component("718-7", 14, "10*3/uL")];

        var issue = Refused(Parse(o));

        Assert.Equal(IssueType.CodeInvalid, issue.Code);
        Assert.Contains("g/dL", issue.Diagnostics);
    }

    [Fact]
    public void Component_without_valueQuantity_is_refused()
    {
        var o = Lab();
        o.Component = [new Observation.ComponentComponent { Code = new CodeableConcept(LoincCatalog.System, "777-3"), Value = new FhirString("250") }];

        var issue = Refused(Parse(o));

        Assert.Equal(IssueType.Required, issue.Code);
        Assert.Contains("valueQuantity", issue.Diagnostics);
        Assert.Equal("Observation.component[0]", issue.Expression);
    }

    [Fact]
    public void Component_with_an_empty_value_is_refused()
    {
        var o = Lab();
        o.Component = [new Observation.ComponentComponent { Code = new CodeableConcept(LoincCatalog.System, "777-3") }];

        Assert.Equal(IssueType.Required, Refused(Parse(o)).Code);
    }

    [Fact]
    public void Quantity_without_a_unit_is_refused()
    {
        var o = Lab();
        o.Component = [new Observation.ComponentComponent { Code = new CodeableConcept(LoincCatalog.System, "777-3"), Value = new Quantity { Value = 250 } }];

        var issue = Refused(Parse(o));

        Assert.Equal(IssueType.Required, issue.Code);
        Assert.Contains("no unit", issue.Diagnostics);
    }

    [Fact]
    public void Observation_without_any_recognised_hemogram_code_is_refused()
    {
        var o = Lab();
        o.Component = [Observations.Component("2345-7", 95, "mg/dL")]; // glucose

        var issue = Refused(Parse(o));

        Assert.Equal(IssueType.Required, issue.Code);
        Assert.Contains("No hemogram values", issue.Diagnostics);
    }

    [Fact]
    public void A_code_outside_the_loinc_system_is_not_read()
    {
        var o = Lab();
        o.Component =
        [
            new Observation.ComponentComponent { Code = new CodeableConcept("http://example.org/local", "777-3"), Value = new Quantity(250, "10*3/uL") },
        ];

        Assert.Equal(IssueType.Required, Refused(Parse(o)).Code);
    }

    [Theory]
    [InlineData("777-3", 6_000, "10*3/uL")] // 6 million platelets per µL
    [InlineData("718-7", 45, "g/dL")]
    [InlineData("718-7", -1, "g/dL")]
    [InlineData("4544-3", 1.2, "L/L")] // 120 %
    public void Implausible_value_is_refused(string loinc, double value, string unit)
    {
        var o = Lab();
        o.Component = [Observations.Component(loinc, value, unit)];

        var issue = Refused(Parse(o));

        Assert.Equal(IssueType.Value, issue.Code);
        Assert.Equal("Observation.component[0].valueQuantity.value", issue.Expression);
    }

    // ---- time and status ----

    [Fact]
    public void Observation_without_effective_time_or_issued_is_refused()
    {
        var o = Lab();
        o.Effective = null;
        o.Issued = null;

        var issue = Refused(Parse(o));

        Assert.Equal(IssueType.Required, issue.Code);
        Assert.Equal("Observation.effective", issue.Expression);
    }

    [Fact]
    public void Issued_is_used_when_there_is_no_effective_time()
    {
        var o = Lab();
        o.Effective = null;
        o.Issued = Now.AddHours(-2);

        Assert.Equal(Now.AddHours(-2), Accepted(o).CollectedAt);
    }

    [Fact]
    public void Effective_period_start_is_the_collection_time()
    {
        var o = Lab();
        o.Effective = new Period(new FhirDateTime(Now.AddHours(-3)), new FhirDateTime(Now.AddHours(-1)));

        Assert.Equal(Now.AddHours(-3), Accepted(o).CollectedAt);
    }

    [Fact]
    public void Effective_instant_is_the_collection_time()
    {
        var o = Lab();
        o.Effective = new Instant(Now.AddMinutes(-42).AddMilliseconds(250));

        Assert.Equal(Now.AddMinutes(-42).AddMilliseconds(250), Accepted(o).CollectedAt);
    }

    [Fact]
    public void Collection_time_with_an_offset_is_kept_in_utc()
    {
        var o = Lab();
        o.Effective = new FhirDateTime("2025-06-01T08:15:00-03:00");

        var s = Accepted(o);

        Assert.Equal(new DateTimeOffset(2025, 6, 1, 11, 15, 0, TimeSpan.Zero), s.CollectedAt);
        Assert.Equal(TimeSpan.Zero, s.CollectedAt.Offset);
    }

    [Fact]
    public void Collection_time_beyond_the_clock_skew_is_refused_as_future()
    {
        var issue = Refused(Parse(Lab(collectedAt: Now.AddMinutes(11))));

        Assert.Equal(IssueType.Value, issue.Code);
        Assert.Contains("future", issue.Diagnostics);
    }

    [Theory]
    [InlineData(9)]
    [InlineData(10)]
    public void Collection_time_within_the_clock_skew_is_accepted(int minutesAhead)
    {
        Assert.Equal(Now.AddMinutes(minutesAhead), Accepted(Lab(collectedAt: Now.AddMinutes(minutesAhead))).CollectedAt);
    }

    [Theory]
    [InlineData(ObservationStatus.Registered)]
    [InlineData(ObservationStatus.Unknown)]
    public void Status_that_is_not_a_reportable_result_is_refused(ObservationStatus status)
    {
        var o = Lab();
        o.Status = status;

        var issue = Refused(Parse(o));

        Assert.Equal(IssueType.NotSupported, issue.Code);
        Assert.Equal("Observation.status", issue.Expression);
    }

    [Theory]
    [InlineData(ObservationStatus.Final)]
    [InlineData(ObservationStatus.Amended)]
    [InlineData(ObservationStatus.Corrected)]
    [InlineData(ObservationStatus.Preliminary)]
    public void Reportable_status_is_accepted(ObservationStatus status)
    {
        var o = Lab();
        o.Status = status;

        Assert.True(Parse(o).Succeeded);
    }

    [Fact]
    public void Every_defect_is_reported_at_once()
    {
        var o = Lab(municipality: null);
        o.Status = ObservationStatus.Registered;
        o.Effective = null;
        o.Component = [Observations.Component("777-3", 250, "mg/dL")];

        var result = Parse(o);

        Assert.False(result.Succeeded);
        Assert.Equal(
            new[] { IssueType.CodeInvalid, IssueType.NotSupported, IssueType.Required, IssueType.Required }.Order(),
            result.Issues.Select(i => i.Code).Order());
    }

    // ---- place ----

    [Fact]
    public void Municipality_comes_from_the_patient_BRMunicipio_extension_with_seven_digits()
    {
        var s = Accepted(Lab(municipality: Observations.BeloHorizonte));

        Assert.Equal(3106200, s.Municipality.IbgeCode);
        Assert.Equal(31, s.Municipality.StateCode);
    }

    [Fact]
    public void Municipality_comes_from_a_six_digit_code_without_check_digit()
    {
        Assert.Equal(3118601, Accepted(Lab(municipality: 311860)).Municipality.IbgeCode);
    }

    [Fact]
    public void Without_a_coordinate_the_location_is_the_municipality_centroid()
    {
        var s = Accepted(Lab());

        Assert.Equal(new GeoPoint(-19.93, -44.05), s.Location); // Contagem centroid -19.9321, -44.0539 at 2 decimals
    }

    [Fact]
    public void Municipality_comes_from_Address_city_when_it_holds_an_ibge_code()
    {
        var o = Lab(municipality: null);
        PatientOf(o).Address[0].City = "3170206";

        Assert.Equal("Uberlândia", Accepted(o).Municipality.Name);
    }

    [Fact]
    public void A_city_name_is_not_a_location()
    {
        var o = Lab(municipality: null);
        PatientOf(o).Address[0].City = "Contagem";

        Assert.Equal(IssueType.Required, Refused(Parse(o)).Code);
    }

    [Fact]
    public void Coordinate_only_is_placed_in_the_nearest_municipality()
    {
        // A few hundred metres from Uberlândia's centroid (-18.9141, -48.2749).
        var s = Accepted(Lab(municipality: null, point: (-18.9170, -48.2790)));

        Assert.Equal(3170206, s.Municipality.IbgeCode);
        Assert.Equal(new GeoPoint(-18.92, -48.28), s.Location);
    }

    [Fact]
    public void Coordinate_far_from_every_municipality_is_refused()
    {
        var issue = Refused(Parse(Lab(municipality: null, point: (-24.0, -30.0)))); // South Atlantic

        Assert.Equal(IssueType.Value, issue.Code);
        Assert.Contains("60 km", issue.Diagnostics);
    }

    [Fact]
    public void Coordinate_out_of_range_is_refused()
    {
        var issue = Refused(Parse(Lab(point: (95.0, -44.0))));

        Assert.Equal(IssueType.Value, issue.Code);
    }

    [Fact]
    public void Coordinate_is_coarsened_to_two_decimals()
    {
        var s = Accepted(Lab(point: (-19.934567, -44.056789)));

        Assert.Equal(3118601, s.Municipality.IbgeCode); // the code wins over the nearest centroid
        Assert.Equal(-19.93, s.Location.Latitude, 12);
        Assert.Equal(-44.06, s.Location.Longitude, 12);
    }

    [Fact]
    public void Location_comes_from_the_performer_organization_when_the_patient_has_no_address()
    {
        var o = Lab(municipality: null);
        PatientOf(o).Address.Clear();
        OrganizationOf(o).Address = [AddressWithCode("3106200")];

        Assert.Equal("Belo Horizonte", Accepted(o).Municipality.Name);
    }

    [Fact]
    public void The_patient_address_wins_over_the_performer_address()
    {
        var o = Lab(municipality: Observations.Contagem);
        OrganizationOf(o).Address = [AddressWithCode("3106200")];

        Assert.Equal(3118601, Accepted(o).Municipality.IbgeCode);
    }

    [Fact]
    public void Unknown_municipality_code_is_refused()
    {
        var issue = Refused(Parse(Lab(municipality: 3118600))); // wrong check digit

        Assert.Equal(IssueType.CodeInvalid, issue.Code);
        Assert.Contains("3118600", issue.Diagnostics);
    }

    [Fact]
    public void Observation_without_any_location_is_refused()
    {
        var issue = Refused(Parse(Lab(municipality: null)));

        Assert.Equal(IssueType.Required, issue.Code);
        Assert.Contains("No location", issue.Diagnostics);
    }

    // ---- person ----

    [Theory]
    [InlineData(AdministrativeGender.Female, Sex.Female)]
    [InlineData(AdministrativeGender.Male, Sex.Male)]
    [InlineData(AdministrativeGender.Other, Sex.Unknown)]
    [InlineData(AdministrativeGender.Unknown, Sex.Unknown)]
    public void Patient_gender_is_reduced_to_sex(AdministrativeGender gender, Sex expected)
    {
        var o = Lab();
        PatientOf(o).Gender = gender;

        Assert.Equal(expected, Accepted(o).Sex);
    }

    [Fact]
    public void Age_in_whole_years_comes_from_the_birth_date()
    {
        // Born 1985-04-12, collected 2025-06-01.
        Assert.Equal(40, Accepted(Lab()).AgeYears);
    }

    [Fact]
    public void Age_does_not_count_a_birthday_still_to_come()
    {
        Assert.Equal(39, Accepted(Lab(collectedAt: new DateTimeOffset(2025, 4, 11, 10, 0, 0, TimeSpan.Zero))).AgeYears);
    }

    [Fact]
    public void Age_counts_the_birthday_itself()
    {
        Assert.Equal(40, Accepted(Lab(collectedAt: new DateTimeOffset(2025, 4, 12, 10, 0, 0, TimeSpan.Zero))).AgeYears);
    }

    // Regression: birth dates (FHIR date, no time zone) were never read, and a DayOfYear comparison slipped a day in leap years.
    [Fact]
    public void Age_is_exact_on_a_birthday_after_february_in_a_leap_birth_year()
    {
        var o = Lab(collectedAt: new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
        PatientOf(o).BirthDate = "2000-03-01";

        Assert.Equal(25, Accepted(o).AgeYears);
    }

    [Fact]
    public void Age_is_exact_the_day_before_a_birthday_in_a_leap_collection_year()
    {
        var o = Lab(collectedAt: new DateTimeOffset(2024, 12, 30, 12, 0, 0, TimeSpan.Zero));
        PatientOf(o).BirthDate = "1990-12-31";

        Assert.Equal(33, Accepted(o).AgeYears);
    }

    [Theory]
    [InlineData("1985-04", 40)] // partial dates count from their first day
    [InlineData("1985", 40)]
    [InlineData("1985-07-01", 39)]
    public void Partial_birth_dates_give_an_age_too(string birthDate, int expected)
    {
        var o = Lab(); // collected 2025-06-01
        PatientOf(o).BirthDate = birthDate;

        Assert.Equal(expected, Accepted(o).AgeYears);
    }

    [Fact]
    public void A_birth_date_after_collection_gives_no_age()
    {
        var o = Lab();
        PatientOf(o).BirthDate = "2025-07-01";

        Assert.Null(Accepted(o).AgeYears);
    }

    [Fact]
    public void Missing_gender_and_birth_date_leave_sex_unknown_and_age_empty()
    {
        var o = Lab();
        PatientOf(o).Gender = null;
        PatientOf(o).BirthDate = null;

        var s = Accepted(o);

        Assert.Equal(Sex.Unknown, s.Sex);
        Assert.Null(s.AgeYears);
    }

    [Fact]
    public void Name_cpf_street_postcode_and_birth_date_never_reach_the_submission()
    {
        var s = Accepted(Lab(point: (-19.934567, -44.056789)));
        var texts = new[] { s.ToString(), JsonSerializer.Serialize(s) };

        foreach (var text in texts)
        {
            Assert.DoesNotContain("Maria", text);
            Assert.DoesNotContain("Silva", text);
            Assert.DoesNotContain("52998224725", text);
            Assert.DoesNotContain("Flores", text);
            Assert.DoesNotContain("32000-000", text);
            Assert.DoesNotContain("1985", text);
            Assert.DoesNotContain("934567", text);
        }
    }

    // ---- identity ----

    [Fact]
    public void The_same_identifier_from_the_same_lab_is_the_same_source_identity()
    {
        var first = Accepted(Lab(identifier: "A-1", plateletsThousands: 250));
        var corrected = Accepted(Lab(identifier: "A-1", plateletsThousands: 90));

        Assert.Equal(first.SourceIdentity, corrected.SourceIdentity);
    }

    [Fact]
    public void Different_identifiers_are_different_source_identities()
    {
        Assert.NotEqual(Accepted(Lab(identifier: "A-1")).SourceIdentity, Accepted(Lab(identifier: "A-2")).SourceIdentity);
    }

    [Fact]
    public void The_same_identifier_from_different_labs_is_different_source_identities()
    {
        Assert.NotEqual(
            Accepted(Lab(identifier: "A-1", lab: "1111111")).SourceIdentity,
            Accepted(Lab(identifier: "A-1", lab: "2222222")).SourceIdentity);
    }

    [Fact]
    public void A_source_hint_scopes_the_identity_instead_of_the_lab()
    {
        SubmissionResult WithHint(string lab, string hint) => Parse(Lab(identifier: "A-1", lab: lab), sourceHint: hint);

        Assert.Equal(WithHint("1111111", "https://fhir.a").Submission!.SourceIdentity, WithHint("2222222", "https://fhir.a").Submission!.SourceIdentity);
        Assert.NotEqual(WithHint("1111111", "https://fhir.a").Submission!.SourceIdentity, WithHint("1111111", "https://fhir.b").Submission!.SourceIdentity);
    }

    [Fact]
    public void The_identifier_wins_over_the_resource_id()
    {
        var a = Lab(identifier: "A-1");
        a.Id = "x";
        var b = Lab(identifier: "A-1");
        b.Id = "y";

        Assert.Equal(Accepted(a).SourceIdentity, Accepted(b).SourceIdentity);
    }

    [Fact]
    public void Without_identifier_the_resource_id_is_the_identity()
    {
        Observation WithId(string id, double platelets)
        {
            var o = Lab(plateletsThousands: platelets);
            o.Identifier.Clear();
            o.Id = id;
            return o;
        }

        Assert.Equal(Accepted(WithId("obs-9", 250)).SourceIdentity, Accepted(WithId("obs-9", 90)).SourceIdentity);
        Assert.NotEqual(Accepted(WithId("obs-9", 250)).SourceIdentity, Accepted(WithId("obs-10", 250)).SourceIdentity);
    }

    [Fact]
    public void Without_identifier_or_id_the_content_is_the_identity()
    {
        Observation Anonymous(double platelets)
        {
            var o = Lab(plateletsThousands: platelets);
            o.Identifier.Clear();
            return o;
        }

        Assert.Equal(Accepted(Anonymous(250)).SourceIdentity, Accepted(Anonymous(250)).SourceIdentity);
        Assert.NotEqual(Accepted(Anonymous(250)).SourceIdentity, Accepted(Anonymous(251)).SourceIdentity);
    }

    [Fact]
    public void Source_identity_carries_no_patient_data()
    {
        var o = Lab();
        o.Identifier.Clear();

        var identity = Accepted(o).SourceIdentity;

        Assert.DoesNotContain("Maria", identity);
        Assert.DoesNotContain("52998224725", identity);
    }
}

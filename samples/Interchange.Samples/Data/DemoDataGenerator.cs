using System.Collections.ObjectModel;
using System.Globalization;

namespace Interchange.Samples.Data;

/// <summary>
/// Builds the synthetic records of the four demo datasets from one seeded <see cref="Random"/>, so every run, test and
/// benchmark sees the same people and companies. Draw order matters: changing it changes every record after it.
/// </summary>
internal sealed class DemoDataGenerator(int seed, int count)
{
    private static readonly DateOnly Today = new(2025, 6, 30);

    private static readonly string[] BrandFirst = ["华", "鹏", "海", "盛", "嘉", "卓", "睿", "腾", "恒", "宏", "安", "明", "瑞", "金", "中", "新", "博", "远", "信", "达"];
    private static readonly string[] BrandSecond = ["创", "程", "纳", "世", "禾", "越", "智", "跃", "信", "图", "泰", "德", "丰", "桥", "科", "锐", "通", "航", "诚", "源"];

    private static readonly (string Industry, string Scope)[] Industries =
    [
        ("科技", "计算机软硬件的技术开发、技术咨询、技术服务；信息系统集成服务；电子产品的销售。"),
        ("电子", "电子元器件、集成电路、通讯设备的研发与销售；货物及技术进出口。"),
        ("贸易", "国内贸易；日用百货、五金交电、服装鞋帽的批发与零售；经营进出口业务。"),
        ("信息技术", "软件开发；数据处理和存储支持服务；互联网信息服务；网络与信息安全软件开发。"),
        ("物流", "国内货运代理；仓储服务（不含危险化学品）；供应链管理服务；道路普通货物运输。"),
        ("餐饮管理", "餐饮管理；餐饮服务；食品经营；企业管理咨询。"),
        ("建筑工程", "建筑工程施工；市政公用工程施工；装饰装修工程设计与施工；建筑材料销售。"),
        ("文化传媒", "文化活动策划；广告设计、制作、代理、发布；影视节目制作；会议及展览服务。"),
        ("生物医药", "生物医药技术研发；医疗器械的研发与销售；第二类医疗器械经营。"),
        ("新能源", "新能源汽车零部件、锂电池及储能设备的研发、生产与销售；光伏发电系统的安装。"),
        ("投资咨询", "投资咨询；企业管理咨询；商务信息咨询（不含限制项目）。"),
        ("精密制造", "精密模具、五金制品、塑胶制品的生产与销售；机械设备租赁。"),
    ];

    private static readonly (string Kind, string Scope)[] Shops =
    [
        ("便利店", "预包装食品、日用百货零售。"),
        ("餐厅", "中餐类制售；饮品制售。"),
        ("五金店", "五金交电、建材零售。"),
        ("理发店", "美发服务。"),
        ("手机维修店", "通讯设备维修；手机配件零售。"),
    ];

    private static readonly string[] Ethnicities = ["壮族", "回族", "满族", "苗族", "土家族", "瑶族", "蒙古族", "朝鲜族", "畲族"];

    private static readonly (string Type, decimal Rate)[] InsuranceTypes =
    [
        ("基本养老保险", 0.22m),
        ("基本医疗保险", 0.075m),
        ("失业保险", 0.0052m),
        ("工伤保险", 0.002m),
        ("生育保险", 0.0085m),
    ];

    private static readonly string[] Offences = ["盗窃罪", "诈骗罪", "危险驾驶罪", "故意伤害罪", "帮助信息网络犯罪活动罪", "非法经营罪", "寻衅滋事罪", "开设赌场罪"];
    private static readonly string[] Sentences = ["拘役三个月", "有期徒刑六个月", "有期徒刑一年", "有期徒刑一年六个月", "有期徒刑三年，缓刑四年", "有期徒刑五年", "管制一年"];

    private readonly Random _random = new(seed);
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly HashSet<string> _codes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _companyNames = new(StringComparer.Ordinal);
    private readonly HashSet<string> _householdIds = new(StringComparer.Ordinal);

    public IReadOnlyList<IReadOnlyDictionary<string, object?>> BusinessLicenses()
    {
        var records = new List<IReadOnlyDictionary<string, object?>>(count);
        for (var i = 1; i <= count; i++)
        {
            var district = Pick(District.Shenzhen);
            var individual = _random.Next(100) < 15;
            var male = _random.Next(100) < 70;
            string name;
            string scope;
            decimal capital;
            if (individual)
            {
                var shop = Pick(Shops);
                name = Unique(_companyNames, () => $"深圳市{district.Name}{Brand()}{shop.Kind}");
                scope = shop.Scope;
                capital = _random.Next(1, 31);
            }
            else
            {
                var industry = Pick(Industries);
                name = Unique(_companyNames, () => $"深圳市{Brand()}{industry.Industry}有限公司");
                scope = industry.Scope;
                capital = Pick([50m, 100m, 200m, 300m, 500m, 1000m, 2000m, 5000m]) + (_random.Next(4) == 0 ? 0.5m : 0m);
            }

            records.Add(Record(
                ("uscc", Uscc(individual ? "92" : "91", "440300")),
                ("company_name", name),
                ("legal_representative", ChineseNames.Create(_random, male)),
                ("registered_capital", capital),
                ("established_date", Date(RandomDate(new DateOnly(1995, 1, 1), Today))),
                ("business_scope", scope),
                ("address", district.Address(_random)),
                ("status", Weighted(("存续", 50), ("在业", 30), ("注销", 12), ("吊销", 8))),
                ("registration_authority", $"深圳市市场监督管理局{district.ShortName}监管局"),
                ("internal_remarks", Canary("BL", i, Pick(["年报已公示", "曾列入经营异常名录", "地址核查待复核", "股权出质登记"])))));
        }

        return records;
    }

    public IReadOnlyList<IReadOnlyDictionary<string, object?>> HouseholdRegistration()
    {
        var records = new List<IReadOnlyDictionary<string, object?>>(count);
        while (records.Count < count)
        {
            var district = Pick(District.Shenzhen);
            var householdId = Unique(_householdIds, () => _random.Next(100_000_000, 1_000_000_000).ToString(CultureInfo.InvariantCulture));
            var address = district.Address(_random);
            var headMale = _random.Next(2) == 0;
            var headBirth = RandomDate(new DateOnly(1955, 1, 1), new DateOnly(1995, 12, 31));
            var size = Math.Min(count - records.Count, _random.Next(1, 5));

            for (var member = 0; member < size; member++)
            {
                var (relationship, male, birth) = member switch
                {
                    0 => ("户主", headMale, headBirth),
                    1 => ("配偶", !headMale, RandomDate(headBirth.AddYears(-4), headBirth.AddYears(4))),
                    _ when _random.Next(4) == 0 && headBirth.Year > 1965 => ParentOf(headBirth),
                    _ => ChildOf(headBirth),
                };

                // Most members were born where they are registered; some moved in from elsewhere in Shenzhen.
                var area = _random.Next(4) == 0 ? Pick(District.Shenzhen).Code : district.Code;
                var registered = relationship is "子" or "女"
                    ? birth.AddDays(_random.Next(7, 90))
                    : RandomDate(Max(birth.AddYears(16), new DateOnly(1990, 1, 1)), Today);

                records.Add(Record(
                    ("id_number", IdNumber(area, birth, male)),
                    ("name", ChineseNames.Create(_random, male)),
                    ("gender", male ? "男" : "女"),
                    ("birth_date", Date(birth)),
                    ("ethnicity", _random.Next(10) < 9 ? "汉族" : Pick(Ethnicities)),
                    ("address", address),
                    ("household_id", householdId),
                    ("relationship_to_head", relationship),
                    ("registration_date", Date(Min(registered, Today))),
                    ("internal_remarks", Canary("HR", records.Count + 1, Pick(["户籍迁入待核验", "曾用名登记", "身份证换领中", "集体户转入"])))));
            }
        }

        return records;
    }

    /// <summary>Half the insured are people of <paramref name="household"/>, so one citizen appears in both datasets.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, object?>> SocialInsuranceContributions(IReadOnlyList<IReadOnlyDictionary<string, object?>> household)
    {
        var employers = Enumerable.Range(0, 40).Select(_ =>
        {
            var district = Pick(District.Guangzhou);
            return (Uscc: Uscc("91", district.Code), Name: Unique(_companyNames, () => $"广州{Brand()}{Pick(Industries).Industry}有限公司"));
        }).ToArray();

        var records = new List<IReadOnlyDictionary<string, object?>>(count);
        for (var i = 0; i < count; i++)
        {
            string idNumber;
            string name;
            if (i % 2 == 0 && i < household.Count)
            {
                idNumber = (string)household[i]["id_number"]!;
                name = (string)household[i]["name"]!;
            }
            else
            {
                var male = _random.Next(2) == 0;
                idNumber = IdNumber(Pick(District.Guangzhou).Code, RandomDate(new DateOnly(1965, 1, 1), new DateOnly(2003, 12, 31)), male);
                name = ChineseNames.Create(_random, male);
            }

            var employer = Pick(employers);
            var insurance = Pick(InsuranceTypes);
            decimal contributionBase = _random.Next(5284, 26422);
            var period = new DateOnly(2024, 1, 1).AddMonths(_random.Next(18));

            records.Add(Record(
                ("id_number", idNumber),
                ("name", name),
                ("employer_uscc", employer.Uscc),
                ("employer_name", employer.Name),
                ("insurance_type", insurance.Type),
                ("contribution_base", contributionBase),
                ("monthly_contribution", Math.Round(contributionBase * insurance.Rate, 2, MidpointRounding.AwayFromZero)),
                ("period", period.ToString("yyyy-MM", CultureInfo.InvariantCulture)),
                ("status", Weighted(("正常缴费", 80), ("暂停缴费", 8), ("欠费", 7), ("终止缴费", 5))),
                ("internal_remarks", Canary("SI", i + 1, Pick(["补缴记录待审核", "跨省转移接续中", "缴费基数申报异常", "灵活就业转单位参保"])))));
        }

        return records;
    }

    /// <summary>Every string is a canary: the dataset is never shared, so any trace of it in an answer is a leak.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, object?>> CriminalRecords()
    {
        var records = new List<IReadOnlyDictionary<string, object?>>(count);
        for (var i = 1; i <= count; i++)
        {
            var district = Pick(District.Shenzhen);
            var judged = RandomDate(new DateOnly(2012, 1, 1), Today);
            var caseNumber = $"({judged.Year})粤{district.Code[2..]}刑初{_random.Next(1, 3000)}号";
            records.Add(Record(
                ("id_number", Canary("ID", i)),
                ("name", Canary("NAME", i)),
                ("offence", Canary("OFFENCE", i, Pick(Offences))),
                ("court", Canary("COURT", i, $"深圳市{district.Name}人民法院")),
                ("judgment_date", Canary("DATE", i, Date(judged))),
                ("sentence", Canary("SENTENCE", i, Pick(Sentences))),
                ("case_number", Canary("CASE", i, caseNumber)),
                ("internal_remarks", Canary("CR", i, "不予共享"))));
        }

        return records;
    }

    private static string Canary(string kind, int index, string? detail = null) =>
        detail is null
            ? string.Create(CultureInfo.InvariantCulture, $"{DemoData.CanaryPrefix}{kind}-{index:D4}")
            : string.Create(CultureInfo.InvariantCulture, $"{DemoData.CanaryPrefix}{kind}-{index:D4} {detail}");

    // Insertion order is the wire order of the fields, which the sources must keep.
    private static ReadOnlyDictionary<string, object?> Record(params (string Field, object? Value)[] fields)
    {
        var record = new OrderedDictionary<string, object?>(fields.Length, StringComparer.Ordinal);
        foreach (var (field, value) in fields)
        {
            record.Add(field, value);
        }

        return new ReadOnlyDictionary<string, object?>(record);
    }

    private (string, bool, DateOnly) ParentOf(DateOnly headBirth)
    {
        var male = _random.Next(2) == 0;
        return (male ? "父亲" : "母亲", male, RandomDate(headBirth.AddYears(-34), headBirth.AddYears(-22)));
    }

    private (string, bool, DateOnly) ChildOf(DateOnly headBirth)
    {
        var male = _random.Next(2) == 0;
        var birth = RandomDate(headBirth.AddYears(22), Min(headBirth.AddYears(38), new DateOnly(2024, 12, 31)));
        return (male ? "子" : "女", male, birth);
    }

    private string IdNumber(string area, DateOnly birth, bool male) =>
        Unique(_ids, () => ResidentIdNumber.Create(area, birth, (_random.Next(1, 500) * 2) - (male ? 1 : 0)));

    private string Uscc(string prefix, string division) =>
        Unique(_codes, () => UnifiedSocialCreditCode.Create(prefix, division, _random.Next(10_000_000, 100_000_000).ToString(CultureInfo.InvariantCulture)));

    private string Brand() => Pick(BrandFirst) + Pick(BrandSecond);

    private DateOnly RandomDate(DateOnly from, DateOnly to) =>
        to <= from ? from : DateOnly.FromDayNumber(from.DayNumber + _random.Next(to.DayNumber - from.DayNumber + 1));

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private string Weighted(params (string Value, int Weight)[] choices)
    {
        var roll = _random.Next(choices.Sum(c => c.Weight));
        foreach (var (value, weight) in choices)
        {
            if (roll < weight)
            {
                return value;
            }

            roll -= weight;
        }

        return choices[^1].Value;
    }

    private static string Unique(HashSet<string> taken, Func<string> create)
    {
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var candidate = create();
            if (taken.Add(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("The demo data generator ran out of distinct values.");
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
}

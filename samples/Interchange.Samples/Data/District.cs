namespace Interchange.Samples.Data;

/// <summary>A district of Shenzhen or Guangzhou with its GB/T 2260 code and a few of its real streets.</summary>
internal sealed record District(string Code, string City, string Name, IReadOnlyList<string> Streets)
{
    public static IReadOnlyList<District> Shenzhen { get; } =
    [
        new("440303", "深圳市", "罗湖区", ["深南东路", "人民南路", "东门中路", "宝安南路", "黄贝路"]),
        new("440304", "深圳市", "福田区", ["福华三路", "益田路", "彩田路", "华强北路", "车公庙泰然九路"]),
        new("440305", "深圳市", "南山区", ["科技园路", "深南大道", "南海大道", "后海大道", "学府路"]),
        new("440306", "深圳市", "宝安区", ["宝安大道", "新安六路", "创业一路", "西乡大道", "建安一路"]),
        new("440307", "深圳市", "龙岗区", ["龙岗大道", "龙翔大道", "布吉路", "坂田五和大道", "中心城清林路"]),
        new("440308", "深圳市", "盐田区", ["沙头角深盐路", "海山路", "盐田路"]),
        new("440309", "深圳市", "龙华区", ["人民路", "梅龙大道", "民治大道", "观澜大道"]),
        new("440310", "深圳市", "坪山区", ["坪山大道", "深汕路", "东纵路"]),
        new("440311", "深圳市", "光明区", ["光明大道", "华夏路", "观光路"]),
    ];

    public static IReadOnlyList<District> Guangzhou { get; } =
    [
        new("440103", "广州市", "荔湾区", ["中山七路", "康王中路", "芳村大道"]),
        new("440104", "广州市", "越秀区", ["环市东路", "东风中路", "北京路", "解放北路"]),
        new("440105", "广州市", "海珠区", ["江南大道中", "新港中路", "工业大道"]),
        new("440106", "广州市", "天河区", ["天河路", "体育西路", "中山大道西", "珠江东路", "黄埔大道西"]),
        new("440111", "广州市", "白云区", ["白云大道北", "机场路", "广园中路"]),
        new("440112", "广州市", "黄埔区", ["科学大道", "开创大道", "黄埔东路"]),
        new("440113", "广州市", "番禺区", ["市桥街西环路", "迎宾路", "汉溪大道"]),
        new("440114", "广州市", "花都区", ["新华路", "迎宾大道", "凤凰北路"]),
        new("440115", "广州市", "南沙区", ["进港大道", "海滨路", "凤凰大道"]),
    ];

    /// <summary>The name without 区, as local market-regulation offices are called (南山监管局).</summary>
    public string ShortName => Name.TrimEnd('区');

    public string Address(Random random) =>
        $"广东省{City}{Name}{Streets[random.Next(Streets.Count)]}{random.Next(1, 400)}号";
}

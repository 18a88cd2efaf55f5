namespace Interchange.Samples.Data;

/// <summary>Plausible Chinese personal names: common surnames, one- or two-character given names.</summary>
internal static class ChineseNames
{
    // Ordered roughly by frequency; drawing from the front more often mimics the real distribution.
    private const string Surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余于杜叶程魏苏吕丁任沈姚卢钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛段雷黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤康易乔赖";
    private const string MaleGiven = "伟强磊军勇杰涛斌超明辉刚健俊峰浩宇鹏飞晨阳博文志国建华德泽瀚然昊天轩睿凯鑫宏振";
    private const string FemaleGiven = "芳娜敏静丽艳娟霞秀玲燕婷雪琳颖慧佳欣怡悦彤婉晴思雅倩蕾璐诗梦瑶琪楠洁嘉月";

    public static string Create(Random random, bool male)
    {
        var surname = Surnames[Math.Min(random.Next(Surnames.Length), random.Next(Surnames.Length))];
        var given = male ? MaleGiven : FemaleGiven;
        var first = given[random.Next(given.Length)];
        return random.Next(3) == 0 ? $"{surname}{first}" : $"{surname}{first}{given[random.Next(given.Length)]}";
    }
}

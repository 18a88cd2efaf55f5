using Interchange.Policies.Loading.Validators;

namespace Interchange.Policies.Loading;

/// <summary>
/// Loads responsibility lists (one YAML file per providing department) into a <see cref="PolicySet"/>,
/// reporting every problem of every file at once so that one edit–check round fixes them all.
/// </summary>
public static class ResponsibilityListLoader
{
    private static readonly IListValidator[] Validators =
    [
        new FileNameValidator(),
        new SharingValidator(),
        new ClassificationValidator(),
        new SubjectValidator(),
        new RuleValidator(),
        new ValidityValidator(),
    ];

    /// <summary>Every <c>*.yaml</c> and <c>*.yml</c> file directly in <paramref name="directory"/>; other files (the schema) are ignored.</summary>
    public static PolicyLoadResult LoadDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return Failed(new PolicyProblem(directory, 0, 0, "the directory of responsibility lists does not exist"));
        }

        var paths = Directory.EnumerateFiles(directory, "*.yaml").Concat(Directory.EnumerateFiles(directory, "*.yml"))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (paths.Count == 0)
        {
            return Failed(new PolicyProblem(directory, 0, 0, "no responsibility lists (*.yaml) found"));
        }

        var files = new List<(string, string)>(paths.Count);
        var unreadable = new List<PolicyProblem>();
        foreach (var path in paths)
        {
            try
            {
                files.Add((path, File.ReadAllText(path)));
            }
            catch (IOException e)
            {
                // Often a file still being written; the watcher fires again once the writer is done.
                unreadable.Add(new PolicyProblem(path, 0, 0, $"cannot read the file: {e.Message}"));
            }
            catch (UnauthorizedAccessException e)
            {
                unreadable.Add(new PolicyProblem(path, 0, 0, $"cannot read the file: {e.Message}"));
            }
        }

        var result = Load(files);
        return unreadable.Count == 0 ? result : Failed([.. unreadable, .. result.Problems]);
    }

    public static PolicyLoadResult Load(IEnumerable<(string Path, string Yaml)> files)
    {
        var problems = new List<PolicyProblem>();
        var drafts = new List<ListDraft>();
        foreach (var (path, yaml) in files)
        {
            var fileProblems = new List<PolicyProblem>();
            if (new ListReader(path, fileProblems).Read(yaml) is { } draft)
            {
                foreach (var validator in Validators)
                {
                    validator.Validate(draft, fileProblems);
                }

                drafts.Add(draft);
            }

            // Sorted per file so that a reader sees problems top to bottom, whichever check found them.
            problems.AddRange(fileProblems.OrderBy(p => p.Line).ThenBy(p => p.Column));
        }

        if (drafts.Count == 0 && problems.Count == 0)
        {
            problems.Add(new PolicyProblem("", 0, 0, "no responsibility lists given"));
        }

        DuplicateValidator.Validate(drafts, problems);
        if (problems.Count > 0)
        {
            return Failed(problems);
        }

        return new PolicyLoadResult { PolicySet = new PolicySet(drafts.Select(ModelBuilder.Build)), Problems = [] };
    }

    private static PolicyLoadResult Failed(params IReadOnlyList<PolicyProblem> problems) => new() { Problems = problems };
}

import Foundation

/// Where `survey serve`, `sample-data` and the offline `report` look for the files that ship
/// beside the program (the pages in `Web/` and the survey files in `Surveys/`) when not told: the current directory (a checkout), then beside the pages
/// directory, then the installed share directory (`PREFIX/share/survey`, next to `PREFIX/bin`).
enum InstallLocations {
    /// The first existing `relative` path of these places, or nil.
    static func find(_ relative: String, besideWeb web: String? = nil) -> String? {
        var roots = [FileManager.default.currentDirectoryPath]
        if let web { roots.append(URL(fileURLWithPath: web).standardizedFileURL.deletingLastPathComponent().path) }
        if let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() {
            roots.append(executable.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("share/survey").path)
        }
        return roots.map { URL(fileURLWithPath: $0).appendingPathComponent(relative).path }
            .first { FileManager.default.fileExists(atPath: $0) }
    }
}

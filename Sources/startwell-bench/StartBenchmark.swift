import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// `startwell-bench start --data-dir DIR [--as USER] [--bin PATH] [--runs N]`:
/// process start to the first drawn home screen, the way a person sees it.
/// Each run spawns the real client on a pseudo-terminal and reads what it
/// draws until the home screen's "My caseload" heading appears.
enum StartBenchmark {
  static func run(_ arguments: [String]) throws {
    var dataDir: String?
    var username = "practitioner1"
    var binary = ".build/release/startwell"
    var runs = 20
    var i = 0
    while i < arguments.count {
      let next = i + 1 < arguments.count ? arguments[i + 1] : ""
      switch arguments[i] {
      case "--data-dir": dataDir = next
      case "--as": username = next
      case "--bin": binary = next
      case "--runs": runs = Int(next) ?? runs
      default: throw BenchError("unknown option \(arguments[i])")
      }
      i += 2
    }
    guard let dataDir else { throw BenchError("--data-dir is required") }
    guard FileManager.default.isExecutableFile(atPath: binary) else {
      throw BenchError("no client binary at \(binary); build it with `swift build -c release` or pass --bin")
    }
    var samples = Samples(name: "process start to first drawn home screen")
    for _ in 0..<runs {
      samples.millis.append(try timeToHome(binary: binary, dataDir: dataDir, username: username))
    }
    print(samples.report(target: 200))
  }

  static func timeToHome(binary: String, dataDir: String, username: String) throws -> Double {
    var master: Int32 = -1
    var slave: Int32 = -1
    var size = winsize(ws_row: 24, ws_col: 80, ws_xpixel: 0, ws_ypixel: 0)
    guard openpty(&master, &slave, nil, nil, &size) == 0 else { throw BenchError("openpty failed") }
    defer { close(master) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    for fd: Int32 in [0, 1, 2] { posix_spawn_file_actions_adddup2(&actions, slave, fd) }
    var env = ProcessInfo.processInfo.environment
    env["TERM"] = "xterm-256color"
    env["STARTWELL_PASSWORD"] = env["STARTWELL_PASSWORD"] ?? "demo"
    let args = [binary, "--data-dir", dataDir, "--as", username]
    let cArgs = args.map { strdup($0) } + [nil]
    let cEnv = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { (cArgs + cEnv).forEach { free($0) } }
    var pid: pid_t = 0
    let start = DispatchTime.now().uptimeNanoseconds
    guard posix_spawn(&pid, binary, &actions, nil, cArgs, cEnv) == 0 else { throw BenchError("spawn failed") }
    close(slave)
    defer {
      kill(pid, SIGKILL)
      var status: Int32 = 0
      waitpid(pid, &status, 0)
    }
    var seen = [UInt8]()
    var buffer = [UInt8](repeating: 0, count: 65536)
    while DispatchTime.now().uptimeNanoseconds - start < 10_000_000_000 {
      var fds = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
      guard poll(&fds, 1, 100) > 0 else { continue }
      let n = read(master, &buffer, buffer.count)
      if n <= 0 { break }
      seen += buffer[0..<n]
      if String(decoding: seen, as: UTF8.self).contains("My caseload") {
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000
      }
    }
    throw BenchError("the home screen did not appear within 10 s")
  }
}

fn main() {
    std::process::exit(kaohe::cli::run());
}

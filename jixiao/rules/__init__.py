"""Rule files of the performance cycle (read by jixiao.io.rule_files)."""

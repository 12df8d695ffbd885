"""Messages of the engines and the desk (errors a person reads), in zh-CN and en."""

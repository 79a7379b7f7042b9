// After both builds of the downstream project: the test ran and the GPU profile swapped the runtime.
def reports = new File(basedir, 'target/surefire-reports')
assert reports.isDirectory() : 'DownstreamTest did not run'
def xml = new File(reports, 'TEST-com.example.downstream.DownstreamTest.xml').text
assert xml.contains('tests="1"') && xml.contains('failures="0"') && xml.contains('errors="0"') : xml
def tree = new File(basedir, 'target/gpu-tree.txt').text
assert tree.contains('com.microsoft.onnxruntime:onnxruntime_gpu:jar:') : tree
assert !tree.contains('com.microsoft.onnxruntime:onnxruntime:jar:') : tree
return true
